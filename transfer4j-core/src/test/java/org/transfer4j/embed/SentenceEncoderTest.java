package org.transfer4j.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.testing.SharedData;

class SentenceEncoderTest {
  @TempDir Path tmp;

  private static final EncoderOptions RAW = EncoderOptions.defaults().withNormalize(false);

  /** Texts of 1..15 words over the fixture's word ids, drawn with a fixed seed. */
  private static List<String> texts(int n, int vocab, long seed) {
    Random r = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] ids = new int[1 + r.nextInt(15)];
      for (int k = 0; k < ids.length; k++) {
        ids[k] = 5 + r.nextInt(vocab - 5);
      }
      out.add(EmbedFixtures.text(ids));
    }
    return out;
  }

  /**
   * The last hidden state of {@code [CLS] ids [SEP]} alone (no padding), from the model class the
   * golden tests check against PyTorch, pooled by hand.
   */
  private static float[] reference(Path dir, int[] ids, String pooling) throws IOException {
    Bootstrap.engine();
    try (NDManager m = NDManager.newBaseManager()) {
      PretrainedModel model = HfModels.load(dir, m);
      model.train(false);
      long[] row = new long[ids.length + 2];
      row[0] = 2; // [CLS]
      for (int k = 0; k < ids.length; k++) {
        row[k + 1] = ids[k];
      }
      row[row.length - 1] = 3; // [SEP]
      NDArray in = m.create(row, new ai.djl.ndarray.types.Shape(1, row.length));
      float[] h =
          model
              .forwardNamed(ModelInput.of(in), OutputOptions.NONE)
              .get("last_hidden_state")
              .toFloatArray();
      int dim = h.length / row.length;
      float[] out = new float[dim];
      for (int d = 0; d < dim; d++) {
        double acc = pooling.equals("max") ? Double.NEGATIVE_INFINITY : 0;
        for (int t = 0; t < row.length; t++) {
          float x = h[t * dim + d];
          acc =
              switch (pooling) {
                case "mean" -> acc + x / (double) row.length;
                case "max" -> Math.max(acc, x);
                default -> t == 0 ? x : acc; // cls
              };
        }
        out[d] = (float) acc;
      }
      return out;
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"bert,mean", "bert,cls", "bert,max", "distilbert,mean", "distilbert,max"})
  void poolingMatchesHandComputationOnForward(String kind, String pooling) throws IOException {
    Path dir =
        kind.equals("bert")
            ? EmbedFixtures.bert(tmp.resolve("m"))
            : EmbedFixtures.distilBert(tmp.resolve("m"));
    int[][] rows = {{16, 17, 33, 24, 30, 16, 52, 28}, {83, 10, 67}, {44}};
    List<String> texts = new ArrayList<>();
    for (int[] r : rows) {
      texts.add(EmbedFixtures.text(r));
    }
    // Batched together: the short rows are padded, which the masks must hide.
    try (SentenceEncoder enc =
        SentenceEncoder.load(
            dir.toString(), RAW.withPooling(SentencePooling.parse(pooling)).withBatchSize(8))) {
      float[][] got = enc.encode(texts);
      assertThat(enc.dimension()).isEqualTo(32);
      for (int i = 0; i < rows.length; i++) {
        float[] want = reference(dir, rows[i], pooling);
        for (int d = 0; d < want.length; d++) {
          assertThat(got[i][d]).as("row %d dim %d", i, d).isCloseTo(want[d], within(1e-5f));
        }
      }
    }
  }

  @Test
  void batchingAndLengthSortingNeverChangeAVector() throws IOException {
    Path dir = EmbedFixtures.bert(tmp.resolve("m"));
    List<String> texts = texts(70, 99, 7);
    float[][] batched;
    // Batches of 4 and a window of 32 * 4 = 128 texts: sorting mixes lengths across batches.
    try (SentenceEncoder enc = SentenceEncoder.load(dir.toString(), RAW.withBatchSize(4))) {
      batched = enc.encode(texts);
    }
    try (SentenceEncoder alone = SentenceEncoder.load(dir.toString(), RAW.withBatchSize(1))) {
      for (int i = 0; i < texts.size(); i++) {
        float[] one = alone.encode(texts.get(i));
        for (int d = 0; d < one.length; d++) {
          assertThat(batched[i][d]).as("text %d dim %d", i, d).isCloseTo(one[d], within(1e-5f));
        }
      }
    }
  }

  @Test
  void streamingHandsOutVectorsInInputOrderAcrossWindows() throws IOException {
    Path dir = EmbedFixtures.bert(tmp.resolve("m"));
    List<String> texts = texts(150, 99, 11); // batch 2: windows of 64, 64 and 22 texts
    try (SentenceEncoder enc = SentenceEncoder.load(dir.toString(), RAW.withBatchSize(2))) {
      float[][] all = enc.encode(texts);
      List<Long> indices = new ArrayList<>();
      EncodeStats s =
          enc.encode(
              texts.iterator(),
              (i, text, v) -> {
                assertThat(text).isEqualTo(texts.get((int) i));
                EmbedFilesTest.assertClose(v, all[(int) i], "text " + i);
                indices.add(i);
              });
      assertThat(indices).hasSize(150).isSorted();
      assertThat(s.texts()).isEqualTo(150);
      assertThat(s.truncated()).isZero();
      long words = texts.stream().mapToLong(t -> t.split(" ").length + 2).sum();
      assertThat(s.tokens()).isEqualTo(words);
    }
  }

  @Test
  void vectorsAreUnitLengthByDefaultAndDirectionUnchanged() throws IOException {
    Path dir = EmbedFixtures.bert(tmp.resolve("m"));
    List<String> texts = texts(5, 99, 3);
    try (SentenceEncoder unit = SentenceEncoder.load(dir.toString(), EncoderOptions.defaults());
        SentenceEncoder raw = SentenceEncoder.load(dir.toString(), RAW)) {
      float[][] u = unit.encode(texts);
      float[][] r = raw.encode(texts);
      for (int i = 0; i < texts.size(); i++) {
        double norm = 0;
        for (float x : r[i]) {
          norm += x * x;
        }
        norm = Math.sqrt(norm);
        assertThat(norm).as("raw norm %d", i).isGreaterThan(1.5); // so the test can fail
        double unitNorm = 0;
        for (int d = 0; d < u[i].length; d++) {
          unitNorm += u[i][d] * u[i][d];
          assertThat(u[i][d]).isCloseTo((float) (r[i][d] / norm), within(1e-6f));
        }
        assertThat(unitNorm).isCloseTo(1.0, within(1e-5));
      }
    }
  }

  @Test
  void textsLongerThanThePositionsAreTruncatedAndCounted() throws IOException {
    Path dir = EmbedFixtures.bert(tmp.resolve("m")); // 20 positions: 18 words + [CLS] [SEP]
    int[] long30 = new int[30];
    for (int k = 0; k < 30; k++) {
      long30[k] = 5 + k;
    }
    int[] first18 = java.util.Arrays.copyOf(long30, 18);
    int[] exactly18 = first18.clone();
    try (SentenceEncoder enc = SentenceEncoder.load(dir.toString(), RAW)) {
      assertThat(enc.maxLength()).isEqualTo(20);
      float[][] v =
          enc.encode(
              List.of(
                  EmbedFixtures.text(long30),
                  EmbedFixtures.text(first18),
                  EmbedFixtures.text(exactly18)));
      assertThat(enc.truncatedCount()).isEqualTo(1);
      EmbedFilesTest.assertClose(v[0], v[1], "cut to its first 18 words");
    }
    try (SentenceEncoder enc = SentenceEncoder.load(dir.toString(), RAW.withMaxLength(6))) {
      EncodeStats s =
          enc.encode(
              List.of(EmbedFixtures.text(5, 6, 7, 8), EmbedFixtures.text(5, 6, 7, 8, 9)).iterator(),
              (i, t, x) -> {});
      assertThat(s.truncated()).isEqualTo(1);
    }
    assertThatThrownBy(() -> SentenceEncoder.load(dir.toString(), RAW.withMaxLength(21)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("20 positions");
  }

  @Test
  void fingerprintIsStableAndTellsModelsAndSettingsApart() throws IOException {
    Path bert = EmbedFixtures.bert(tmp.resolve("bert"));
    Path copy = EmbedFixtures.bert(tmp.resolve("copy"));
    Path distil = EmbedFixtures.distilBert(tmp.resolve("distil"));
    EncoderOptions o = EncoderOptions.defaults();
    String a;
    try (SentenceEncoder e = SentenceEncoder.load(bert.toString(), o)) {
      a = e.fingerprint();
      assertThat(a).matches("[0-9a-f]{64}");
      assertThat(e.modelName()).isEqualTo(bert.toString());
    }
    try (SentenceEncoder e = SentenceEncoder.load(copy.toString(), o)) {
      assertThat(e.fingerprint()).as("same files elsewhere").isEqualTo(a);
    }
    try (SentenceEncoder e = SentenceEncoder.load(bert.toString(), o.withMaxLength(10))) {
      assertThat(e.fingerprint()).isNotEqualTo(a);
    }
    try (SentenceEncoder e =
        SentenceEncoder.load(bert.toString(), o.withPooling(SentencePooling.CLS))) {
      assertThat(e.fingerprint()).isNotEqualTo(a);
    }
    try (SentenceEncoder e = SentenceEncoder.load(distil.toString(), o)) {
      assertThat(e.fingerprint()).isNotEqualTo(a);
    }
    // One changed weight byte is another model.
    byte[] w = Files.readAllBytes(copy.resolve("model.safetensors"));
    w[w.length - 1] ^= 1;
    Files.write(copy.resolve("model.safetensors"), w);
    try (SentenceEncoder e = SentenceEncoder.load(copy.toString(), o)) {
      assertThat(e.fingerprint()).isNotEqualTo(a);
    }
  }

  @Test
  void foldersThatAreNotBertEncodersAreRefusedClearly() throws IOException {
    Path gpt2 = SharedData.require("golden/gpt2-lm");
    Path g = tmp.resolve("gpt2");
    Files.createDirectories(g);
    Files.copy(gpt2.resolve("config.json"), g.resolve("config.json"));
    EmbedFixtures.bert(tmp.resolve("tok")); // borrow a tokenizer so the config check is reached
    Files.copy(tmp.resolve("tok/tokenizer.json"), g.resolve("tokenizer.json"));
    assertThatThrownBy(() -> SentenceEncoder.load(g.toString(), EncoderOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("model_type 'gpt2'");
    assertThatThrownBy(
            () -> SentenceEncoder.load(tmp.resolve("nope").toString(), EncoderOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no such model folder");
    assertThatThrownBy(() -> SentencePooling.parse("sum"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("mean, cls or max");
  }
}
