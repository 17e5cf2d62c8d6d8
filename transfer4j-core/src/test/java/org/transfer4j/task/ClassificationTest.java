package org.transfer4j.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.transfer4j.data.ClassificationColumns;
import org.transfer4j.eval.TagScheme;

/** Classification.of on hand-computed logits, and predict's JSON built from it. */
class ClassificationTest {
  static final List<String> LABELS = List.of("a", "b", "c");

  static TaskInfo info(boolean multi, double threshold) {
    return new TaskInfo(
        TaskKind.CLASSIFY,
        multi,
        threshold,
        32,
        TagScheme.IOB2,
        ClassificationColumns.defaults(),
        -1);
  }

  @Test
  void singleLabelIsTheSoftmaxArgmax() {
    // softmax(0, ln 3, ln 4) = (1, 3, 4) / 8
    float[] logits = {0f, (float) Math.log(3), (float) Math.log(4)};
    Classification c = Classification.of(logits, LABELS, info(false, 0.5));
    assertThat(c.label()).isEqualTo("c");
    assertThat(c.labels()).containsExactly("c");
    assertThat(c.probabilityArray())
        .containsExactly(new double[] {0.125, 0.375, 0.5}, within(1e-6));
    assertThat(c.probabilities().keySet()).containsExactly("a", "b", "c");
    JsonObject json = ClassificationTask.prediction(logits, LABELS, info(false, 0.5));
    assertThat(json.get("label").getAsString()).isEqualTo("c");
    assertThat(json.getAsJsonObject("probabilities").get("b").getAsDouble())
        .isCloseTo(0.375, within(1e-6));
  }

  @Test
  void multiLabelKeepsEverySigmoidAtOrAboveTheThreshold() {
    // sigmoid(0) = 0.5 (kept: at the threshold), sigmoid(-ln 3) = 0.25, sigmoid(ln 9) = 0.9
    float[] logits = {0f, (float) -Math.log(3), (float) Math.log(9)};
    Classification c = Classification.of(logits, LABELS, info(true, 0.5));
    assertThat(c.label()).isNull();
    assertThat(c.labels()).containsExactly("a", "c");
    assertThat(c.probabilityArray()).containsExactly(new double[] {0.5, 0.25, 0.9}, within(1e-6));
    assertThat(Classification.of(logits, LABELS, info(true, 0.95)).labels()).isEmpty();
    JsonObject json = ClassificationTask.prediction(logits, LABELS, info(true, 0.5));
    assertThat(json.getAsJsonArray("labels").toString()).isEqualTo("[\"a\",\"c\"]");
    assertThat(json.has("label")).isFalse();
  }
}
