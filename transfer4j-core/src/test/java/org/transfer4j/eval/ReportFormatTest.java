package org.transfer4j.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFormatTest {
  static final ClassificationReport DOCS_EXAMPLE =
      ClassificationMetrics.report(
          new int[] {0, 1, 2, 2, 2},
          new int[] {0, 0, 2, 2, 1},
          List.of("class 0", "class 1", "class 2"));

  @Test
  void textIsScikitLearnsDocumentationOutput() {
    // print(classification_report(y_true, y_pred, target_names=target_names)) in the
    // scikit-learn documentation.
    String expected =
        """
                      precision    recall  f1-score   support

             class 0       0.50      1.00      0.67         1
             class 1       0.00      0.00      0.00         1
             class 2       1.00      0.67      0.80         3

            accuracy                           0.60         5
           macro avg       0.50      0.56      0.49         5
        weighted avg       0.70      0.60      0.61         5
        """;
    assertThat(ReportFormat.text(DOCS_EXAMPLE, 2)).isEqualTo(expected);
  }

  @Test
  void jsonHasOutputDictShape(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out/report.json");
    ReportFormat.writeJson(DOCS_EXAMPLE, file);
    JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    assertThat(o.keySet())
        .containsExactly("class 0", "class 1", "class 2", "accuracy", "macro avg", "weighted avg");
    JsonObject c0 = o.getAsJsonObject("class 0");
    assertThat(c0.keySet()).containsExactly("precision", "recall", "f1-score", "support");
    assertThat(c0.get("precision").getAsDouble()).isEqualTo(0.5);
    assertThat(c0.get("support").getAsLong()).isEqualTo(1);
    assertThat(o.get("accuracy").getAsDouble()).isEqualTo(0.6);
    assertThat(o.getAsJsonObject("weighted avg").get("precision").getAsDouble())
        .isCloseTo(0.7, org.assertj.core.api.Assertions.within(1e-12));
    // written atomically: no temporary file is left beside it
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("report.json");
    }
  }

  @Test
  void csvHasClassRowsThenAccuracyThenAverages() {
    List<String> lines = ReportFormat.csv(DOCS_EXAMPLE).lines().toList();
    assertThat(lines.get(0)).isEqualTo("label,precision,recall,f1-score,support");
    assertThat(lines.get(1)).isEqualTo("class 0,0.5,1.0,0.6666666666666666,1");
    assertThat(lines.get(4)).isEqualTo("accuracy,,,0.6,5");
    assertThat(lines.get(5)).startsWith("macro avg,0.5,0.555555555555555");
    assertThat(lines.get(6)).startsWith("weighted avg,0.7,0.6,");
    assertThat(lines).hasSize(7);
  }

  @Test
  void multiLabelShowsMicroAverageAndSubsetAccuracy() {
    ClassificationReport r =
        MultiLabelMetrics.report(
            MultiLabelMetricsTest.GOLD,
            MultiLabelMetricsTest.PROBS,
            0.5,
            MultiLabelMetricsTest.LABELS);
    String text = ReportFormat.text(r, 2);
    assertThat(text).contains("      micro avg       0.80      0.80      0.80         5\n");
    assertThat(text).endsWith("subset accuracy                           0.33\n");
    JsonObject o = ReportFormat.json(r);
    assertThat(o.keySet()).contains("micro avg", "subset accuracy").doesNotContain("accuracy");
  }

  /** Regression: String.format rounds half up (0.63) where scikit-learn prints 0.62. */
  @Test
  void decimalsRoundHalfToEvenLikePython() {
    // 0.625, 0.125 and 0.375 are exact in binary, so they are true ties.
    assertThat(ReportFormat.fixed(0.625, 2)).isEqualTo("0.62");
    assertThat(ReportFormat.fixed(0.125, 2)).isEqualTo("0.12");
    assertThat(ReportFormat.fixed(0.375, 2)).isEqualTo("0.38");
    // 2/3 is not a tie
    assertThat(ReportFormat.fixed(2.0 / 3, 4)).isEqualTo("0.6667");
    // a class with precision 5/8 shows 0.62, as Python's format(0.625, ".2f")
    ClassificationReport r =
        ClassificationMetrics.report(
            new int[] {0, 0, 0, 0, 0, 1, 1, 1},
            new int[] {0, 0, 0, 0, 0, 0, 0, 0},
            List.of("a", "b"));
    assertThat(ReportFormat.text(r, 2)).contains("           a       0.62      1.00");
  }
}
