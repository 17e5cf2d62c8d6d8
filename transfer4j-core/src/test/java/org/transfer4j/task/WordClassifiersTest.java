package org.transfer4j.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.ConfigJson;
import org.transfer4j.vectors.VectorsOptions;

/**
 * Each word-vector classifier learns a generated task end to end through the fine-tuning runner
 * (trainer, best checkpoint, saved folder), and the folder reloads for evaluation with the same
 * scores. The task: a keyword among random filler words decides the label; the vectors are random
 * but fixed, as a pretrained table would be.
 */
class WordClassifiersTest {
  private static final String[] KEYWORDS = {"refund", "card", "transfer"};
  private static final String[] LABELS = {"money_back", "card_issue", "send_money"};
  @TempDir static Path data;

  @BeforeAll
  static void files() throws IOException {
    Bootstrap.engine();
    Random r = new Random(3);
    List<String> filler = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      filler.add("w" + i);
    }
    write(data.resolve("train.csv"), 240, r, filler);
    write(data.resolve("valid.csv"), 60, r, filler);
    write(data.resolve("test.csv"), 60, r, filler);
    StringBuilder vec = new StringBuilder();
    List<String> words = new ArrayList<>(filler);
    words.addAll(List.of(KEYWORDS));
    vec.append(words.size()).append(" 16\n");
    for (String w : words) {
      vec.append(w);
      for (int d = 0; d < 16; d++) {
        vec.append(String.format(Locale.ROOT, " %.4f", r.nextGaussian() * 0.5));
      }
      vec.append('\n');
    }
    Files.writeString(data.resolve("vectors.vec"), vec);
  }

  private static void write(Path f, int n, Random r, List<String> filler) throws IOException {
    StringBuilder b = new StringBuilder("text,label\n");
    for (int i = 0; i < n; i++) {
      int label = i % 3;
      int len = 3 + r.nextInt(10);
      int at = r.nextInt(len);
      List<String> words = new ArrayList<>();
      for (int k = 0; k < len; k++) {
        words.add(k == at ? KEYWORDS[label] : filler.get(r.nextInt(filler.size())));
      }
      b.append(String.join(" ", words)).append(',').append(LABELS[label]).append('\n');
    }
    Files.writeString(f, b, StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}, frozen vectors {1}, DAN pooling {2}")
  @CsvSource({"dan, false, sum", "bilstm, false, mean", "cnn, true, mean"})
  void learnsAGeneratedTaskAndReloads(
      String arch, boolean freeze, String danPooling, @TempDir Path out) throws IOException {
    WordModelOptions w =
        new WordModelOptions(
            arch,
            data.resolve("vectors.vec"),
            VectorsOptions.defaults(),
            freeze,
            true,
            16,
            1,
            0.1f,
            List.of(2, 3),
            "wordpunct",
            1,
            false,
            danPooling);
    FinetuneResult r =
        ClassificationTask.run(
            FinetuneConfig.builder(
                    TaskFixtures.trainer(out, 12, 1e-2, "accuracy").plots(false).build())
                .wordModel(w)
                .train(data.resolve("train.csv"))
                .validation(data.resolve("valid.csv"))
                .test(data.resolve("test.csv"))
                .log(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .build());
    assertThat(r.testMetrics().get("accuracy")).as(arch).isGreaterThan(0.9);
    assertThat(ConfigJson.read(out).modelType()).isEqualTo("word_classifier");
    assertThat(ConfigJson.read(out).json().get("dan_pooling").getAsString()).isEqualTo(danPooling);
    assertThat(out.resolve("tokenizer.json")).exists();
    try (TaskModel m = TaskModel.load(out)) {
      Scores s = ClassificationTask.evaluate(m, data.resolve("test.csv"), 7);
      assertThat(s.metrics().get("accuracy")).isEqualTo(r.testMetrics().get("accuracy"));
      // The saved embedding row of a word is its vector when frozen, and has moved otherwise.
      int id = m.encoders().tokenizer().tokenToId("refund");
      float[] saved =
          ((org.transfer4j.model.classic.WordClassifier) m.model())
              .embeddings()
              .weight()
              .value()
              .get(id)
              .toFloatArray();
      float[] original =
          org.transfer4j.vectors.WordVectors.read(
                  data.resolve("vectors.vec"), VectorsOptions.defaults())
              .vector("refund");
      if (freeze) {
        assertThat(saved).containsExactly(original);
      } else {
        assertThat(saved).isNotEqualTo(original);
      }
    }
  }

  @Test
  void wordModelsRefuseAPretrainedEncoder() {
    assertThatThrownBy(
            () ->
                FinetuneConfig.builder(
                        TaskFixtures.trainer(data.resolve("x"), 1, 1e-3, "loss").build())
                    .wordModel(WordModelOptions.of("dan", data.resolve("vectors.vec")))
                    .pretrained(data)
                    .train(data.resolve("train.csv"))
                    .validation(data.resolve("valid.csv"))
                    .build())
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("drop --model");
  }
}
