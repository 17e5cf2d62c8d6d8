package org.transfer4j.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.io.SafeTensorsFile;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.ModelConfig;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.testing.SharedData;

/**
 * Every exportable architecture: its ONNX export on ONNX Runtime against the PyTorch path within
 * 1e-4. Golden folders (Hugging Face checkpoints and inputs) give trained weights for the heads
 * they hold; the other heads are built at random from a golden folder's config.
 */
class OnnxExportParityTest {
  static NDManager manager;

  @BeforeAll
  static void start() {
    Bootstrap.engine();
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  @ParameterizedTest(name = "{0} opset {1}")
  @CsvSource({
    "bert-sequence-classification, 17",
    "bert-sequence-classification, 14",
    "bert-token-classification, 17",
    "bert-multiple-choice, 17",
    "bert-pretraining, 17",
    "distilbert-sequence-classification, 17",
    "distilbert-sequence-classification, 14"
  })
  void goldenFolderExportMatchesTorch(String folder, int opset, @TempDir Path tmp)
      throws Exception {
    Path dir = SharedData.require("golden/" + folder);
    PretrainedModel model = HfModels.load(dir, manager);
    long[] ids;
    long[] mask;
    long[] types;
    long[] shape;
    try (SafeTensorsFile f = SafeTensorsFile.open(dir.resolve("inputs.safetensors"))) {
      ids = f.readLongs("input_ids");
      shape = f.info("input_ids").shape();
      mask = f.has("attention_mask") ? f.readLongs("attention_mask") : ones(ids.length);
      types = f.has("token_type_ids") ? f.readLongs("token_type_ids") : new long[ids.length];
    }
    Map<String, Double> diffs =
        OnnxParity.compare(model, ids, mask, types, shape, tmp.resolve("model.onnx"), opset);
    assertThat(diffs).isNotEmpty();
    assertThat(diffs.values()).allSatisfy(d -> assertThat(d).isLessThan(1e-4));
  }

  /** Heads without a golden folder, random weights on a golden config, ragged padded batch. */
  @ParameterizedTest(name = "{1} from {0}")
  @CsvSource({
    "bert-pretraining, BertModel, cls",
    "bert-pretraining, BertForMaskedLM, cls",
    "bert-pretraining, BertForNextSentencePrediction, cls",
    "bert-pretraining, BertForSequenceClassification, mean",
    "bert-pretraining, BertForMultipleChoice, mean",
    "distilbert-sequence-classification, DistilBertModel, cls",
    "distilbert-sequence-classification, DistilBertForTokenClassification, cls",
    "distilbert-sequence-classification, DistilBertForMaskedLM, cls"
  })
  void randomHeadExportMatchesTorch(String folder, String arch, String pooling, @TempDir Path tmp)
      throws Exception {
    Path dir = SharedData.require("golden/" + folder);
    ModelConfig config = HfModels.readConfig(dir);
    if (config instanceof BertConfig c) {
      config = c.withClassifierPooling(pooling);
    }
    PretrainedModel model = HfModels.create(config, arch, manager);
    boolean choice = arch.endsWith("MultipleChoice");
    long[] shape = choice ? new long[] {2, 3, 7} : new long[] {3, 7};
    int n = choice ? 42 : 21;
    int rows = n / 7;
    Random r = new Random(7);
    long[] ids = new long[n];
    long[] mask = new long[n];
    long[] types = new long[n];
    for (int row = 0; row < rows; row++) {
      int len = 7 - (row % 3) * 2; // 7, 5, 3 real tokens, the rest padding
      for (int t = 0; t < 7; t++) {
        ids[row * 7 + t] = t < len ? 1 + r.nextInt(90) : 0;
        mask[row * 7 + t] = t < len ? 1 : 0;
        types[row * 7 + t] = t >= len / 2 && t < len ? 1 : 0;
      }
    }
    Map<String, Double> diffs =
        OnnxParity.compare(model, ids, mask, types, shape, tmp.resolve("model.onnx"), 17);
    assertThat(diffs).isNotEmpty();
    assertThat(diffs.values()).allSatisfy(d -> assertThat(d).isLessThan(1e-4));
  }

  private static long[] ones(int n) {
    long[] a = new long[n];
    java.util.Arrays.fill(a, 1);
    return a;
  }
}
