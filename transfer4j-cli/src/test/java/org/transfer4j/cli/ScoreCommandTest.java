package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreCommandTest {
  @TempDir Path dir;

  Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void classificationPrintsReportAndWritesFiles() throws Exception {
    Path gold = write("gold.txt", "cat\ndog\ncat\nbird\n");
    Path pred = write("pred.txt", "cat\ncat\ncat\ndog\n");
    Path out = dir.resolve("out");
    CliTest.Result r =
        CliTest.run(
            "score",
            "--gold",
            gold.toString(),
            "--pred",
            pred.toString(),
            "--output",
            out.toString(),
            "--digits",
            "2");
    assertThat(r.code()).as(r.err()).isZero();
    // cat: tp 2, predicted 3, support 2 -> 0.67, 1.00, 0.80; bird and dog never right -> 0
    assertThat(r.out())
        .contains("         cat       0.67      1.00      0.80         2\n")
        .contains("    accuracy                           0.50         4\n")
        .contains("   macro avg       0.22      0.33      0.27         4\n");
    JsonObject json =
        JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
    assertThat(json.get("accuracy").getAsDouble()).isEqualTo(0.5);
    assertThat(json.getAsJsonObject("bird").get("precision").getAsDouble()).isZero();
    assertThat(Files.readAllLines(out.resolve("report.csv")))
        .first()
        .isEqualTo("label,precision,recall,f1-score,support");
    for (String png : new String[] {"confusion.png", "confusion_normalized.png"}) {
      BufferedImage img = ImageIO.read(out.resolve(png).toFile());
      assertThat(img).as(png).isNotNull();
      assertThat(img.getWidth()).as(png).isGreaterThan(300);
    }
  }

  @Test
  void mismatchedLineCountsNameBothFilesAndTheLine() throws Exception {
    Path gold = write("gold.txt", "a\nb\nc\n");
    Path pred = write("pred.txt", "a\nb\n");
    CliTest.Result r = CliTest.run("score", "--gold", gold.toString(), "--pred", pred.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("error: line counts differ: ")
        .contains(gold.toString())
        .contains(pred.toString() + " ends after line 2")
        .contains("has line 3");
  }

  @Test
  void multiLabelReportsMicroAverageAndSubsetAccuracy() throws Exception {
    // labels x, y, z as in MultiLabelMetricsTest: gold {x,z} {y} {x,y}; pred {x} {y,z} {x,y}
    Path gold = write("gold.txt", "x,z\ny\nx, y\n");
    Path pred = write("pred.txt", "x\ny,z\ny,x\n");
    Path out = dir.resolve("out");
    CliTest.Result r =
        CliTest.run(
            "score",
            "--multi-label",
            "--gold",
            gold.toString(),
            "--pred",
            pred.toString(),
            "--digits",
            "2",
            "--output",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    // micro: tp 4, predicted 5, support 5; subset accuracy 1/3
    assertThat(r.out())
        .contains("      micro avg       0.80      0.80      0.80         5\n")
        .contains("subset accuracy                           0.33\n");
    assertThat(out.resolve("report.json")).exists();
    assertThat(out.resolve("confusion.png")).doesNotExist();

    Path empty = write("empty.txt", "x\n\n\n");
    r =
        CliTest.run(
            "score", "--multi-label", "--gold", gold.toString(), "--pred", empty.toString());
    assertThat(r.code()).as("an empty line is the empty set").isZero();
  }

  @Test
  void emptyLabelLineIsBadInput() throws Exception {
    Path gold = write("gold.txt", "a\n\nc\n");
    Path pred = write("pred.txt", "a\nb\nc\n");
    CliTest.Result r = CliTest.run("score", "--gold", gold.toString(), "--pred", pred.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(gold + ":2: empty line");
  }

  @Test
  void taggingPrintsConllevalReport() throws Exception {
    Path conll =
        write(
            "test.conll",
            """
            John B-PER B-PER
            lives O O
            New B-LOC B-LOC
            York I-LOC O

            Acme B-ORG O
            Corp I-ORG I-ORG
            """);
    CliTest.Result r =
        CliTest.run("score", "--tagging", "--scheme", "iob2", "--conll", conll.toString());
    assertThat(r.code()).as(r.err()).isZero();
    // gold PER, LOC, ORG; predicted PER, LOC [New], ORG [Corp] (stray I-); only PER right.
    // tokens 6, wrong: York and Acme -> 4/6
    assertThat(r.out())
        .startsWith(
            """
            processed 6 tokens with 3 phrases; found: 3 phrases; correct: 1.
            accuracy:  66.67%; precision:  33.33%; recall:  33.33%; FB1:  33.33
                          LOC: precision:   0.00%; recall:   0.00%; FB1:   0.00  1
            """)
        .contains("token accuracy");
  }

  @Test
  void taggingFromGoldAndPredictedFiles() throws Exception {
    Path gold = write("gold.conll", "John B-PER\nSmith I-PER\n\nParis B-LOC\n");
    Path pred = write("pred.conll", "John B-PER\nSmith I-PER\n\nParis O\n");
    CliTest.Result r =
        CliTest.run("score", "--tagging", "--gold", gold.toString(), "--pred", pred.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("processed 3 tokens with 2 phrases; found: 1 phrases; correct: 1.");

    Path other = write("other.conll", "John B-PER\nJones I-PER\n\nParis O\n");
    r = CliTest.run("score", "--tagging", "--gold", gold.toString(), "--pred", other.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("line 2: token 'Smith'").contains("'Jones'");
  }

  @Test
  void malformedConllLineNamesFileLineAndColumns() throws Exception {
    Path conll = write("bad.conll", "John B-PER B-PER\nlives O\n");
    CliTest.Result r = CliTest.run("score", "--tagging", "--conll", conll.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "error: " + conll + ":2: expected 3 columns (like the first token line), found 2");
  }

  @Test
  void tagOutsideSchemeNamesFileAndLine() throws Exception {
    Path conll = write("s.conll", "John O O\nSmith S-PER O\n");
    CliTest.Result r = CliTest.run("score", "--tagging", "--conll", conll.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(conll + ":2: tag 'S-PER' is not valid in scheme iob2");
  }

  @Test
  void unknownSchemeIsExitTwo() throws Exception {
    Path conll = write("t.conll", "John B-PER B-PER\n");
    CliTest.Result r =
        CliTest.run("score", "--tagging", "--scheme", "bilou", "--conll", conll.toString());
    assertThat(r.code()).isEqualTo(2);
    String first = r.err().lines().findFirst().orElseThrow();
    assertThat(first).startsWith("error: Invalid value for option '--scheme'").contains("bilou");
    assertThat(r.err()).doesNotContain("\tat ");
  }

  @Test
  void missingPredIsExitTwo() throws Exception {
    Path gold = write("gold.txt", "a\n");
    CliTest.Result r = CliTest.run("score", "--gold", gold.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("needs both --gold FILE and --pred FILE");
  }
}
