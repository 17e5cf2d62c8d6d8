package org.transfer4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.data.TextExample;
import org.transfer4j.task.ClassificationTask;
import org.transfer4j.task.TaggingTask;
import org.transfer4j.task.TaskModel;

/** TextClassifier and TokenTagger against the single-process library on tiny trained models. */
class TaskTransformersTest {
  static final List<String> TEXTS =
      Arrays.asList(
          "we ate the pizza at home",
          null,
          "the robot saw the team win",
          SparkFixtures.longText("pizza", 500),
          "anna visited new york yesterday",
          "");
  @TempDir static Path dir;
  static SparkSession spark;
  static Path single;
  static Path multi;
  static Path tagger;

  @BeforeAll
  static void start() throws Exception {
    single = SparkFixtures.classifier(dir, false);
    multi = SparkFixtures.classifier(dir, true);
    tagger = SparkFixtures.tagger(dir);
    spark = SparkFixtures.session();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** What {@code transfer4j predict} writes for each non-null text. */
  static List<JsonObject> predictions(Path model) throws Exception {
    try (TaskModel m = TaskModel.load(model)) {
      List<TextExample> ex = new ArrayList<>();
      TEXTS.stream()
          .filter(t -> t != null)
          .forEach(t -> ex.add(new TextExample(t, null, List.of(), "test")));
      float[][] logits = m.outputs(ClassificationTask.encode(m, ex), 4);
      List<JsonObject> out = new ArrayList<>();
      for (float[] l : logits) {
        out.add(ClassificationTask.prediction(l, m.labels(), m.info()));
      }
      return out;
    }
  }

  @Test
  void classifierLabelsAndProbabilitiesEqualPredicts() throws Exception {
    List<Row> rows =
        new TextClassifier()
            .setModel(single.toString())
            .setBatchSize(2)
            .transform(SparkFixtures.rows(spark, 4, TEXTS))
            .orderBy("id")
            .collectAsList();
    List<JsonObject> want = predictions(single);
    int k = 0;
    for (int i = 0; i < TEXTS.size(); i++) {
      Row r = rows.get(i);
      if (TEXTS.get(i) == null) {
        assertThat(r.isNullAt(2)).isTrue();
        assertThat(r.isNullAt(3)).isTrue();
        continue;
      }
      JsonObject w = want.get(k++);
      assertThat(r.getString(2)).isEqualTo(w.get("label").getAsString());
      Map<String, Double> probs = r.getJavaMap(3);
      JsonObject wp = w.getAsJsonObject("probabilities");
      assertThat(probs.keySet()).isEqualTo(wp.keySet());
      probs.forEach(
          (label, p) -> assertThat(p).isCloseTo(wp.get(label).getAsDouble(), within(1e-5)));
    }
  }

  @Test
  void multiLabelClassifierGivesLabelArraysAndAProbabilityVector() throws Exception {
    List<Row> rows =
        new TextClassifier()
            .setModel(multi.toString())
            .setProbabilityType("vector")
            .setOutputCol("topics")
            .transform(SparkFixtures.rows(spark, 3, TEXTS))
            .orderBy("id")
            .collectAsList();
    assertThat(rows.get(0).schema().apply("topics").dataType().simpleString())
        .isEqualTo("array<string>");
    List<JsonObject> want = predictions(multi);
    int k = 0;
    for (int i = 0; i < TEXTS.size(); i++) {
      if (TEXTS.get(i) == null) {
        continue;
      }
      JsonObject w = want.get(k++);
      List<String> labels = new ArrayList<>();
      w.getAsJsonArray("labels").forEach(e -> labels.add(e.getAsString()));
      assertThat(rows.get(i).<String>getList(2)).containsExactlyElementsOf(labels);
      double[] p = ((Vector) rows.get(i).get(3)).toArray();
      List<Double> wp = new ArrayList<>();
      w.getAsJsonObject("probabilities")
          .entrySet()
          .forEach(e -> wp.add(e.getValue().getAsDouble()));
      for (int c = 0; c < p.length; c++) {
        assertThat(p[c]).isCloseTo(wp.get(c), within(1e-5));
      }
    }
  }

  @Test
  void taggerTagsEachWordAsPredictDoes() throws Exception {
    List<Row> rows =
        new TokenTagger()
            .setModel(tagger.toString())
            .transform(SparkFixtures.rows(spark, 5, TEXTS))
            .orderBy("id")
            .collectAsList();
    try (TaskModel m = TaskModel.load(tagger)) {
      for (int i = 0; i < TEXTS.size(); i++) {
        Row r = rows.get(i);
        if (TEXTS.get(i) == null) {
          assertThat(r.isNullAt(2)).isTrue();
          continue;
        }
        List<String> words = TokenTagger.words(TEXTS.get(i));
        EncodedExample e = TaggingTask.encode(m, List.of(words)).get(0);
        float[] logits = m.outputs(List.of(e), 1)[0];
        JsonObject want = TaggingTask.prediction(words, e, logits, m.labels());
        assertThat(r.<String>getList(2)).containsExactlyElementsOf(words);
        List<String> tags = new ArrayList<>();
        want.getAsJsonArray("tags").forEach(t -> tags.add(t.getAsString()));
        // The 500-word text keeps its first ~30 words' tags; the words cut off get O.
        assertThat(r.<String>getList(3)).hasSize(words.size()).containsExactlyElementsOf(tags);
      }
    }
  }

  @Test
  void wrongKindOfModelMissingColumnAndTooLongMaxLengthAreClearErrors() {
    var df = SparkFixtures.rows(spark, 1, TEXTS);
    assertThatThrownBy(() -> new TokenTagger().setModel(single.toString()).transform(df))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("is a classify model");
    assertThatThrownBy(
            () ->
                new TextClassifier().setModel(single.toString()).setInputCol("body").transform(df))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("inputCol body: no such column");
    assertThatThrownBy(
            () -> new TextClassifier().setModel(single.toString()).setMaxLength(100).transform(df))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("maxLength 100 is above the model's 64 positions");
  }
}
