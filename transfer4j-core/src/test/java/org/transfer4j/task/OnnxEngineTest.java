package org.transfer4j.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.engine.InferenceOptions;
import org.transfer4j.io.onnx.OnnxGraphBuilder;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.Labels;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.onnx.OnnxExport;

/**
 * A fine-tuned classifier: the run writes {@code model.onnx} beside the best model; {@link
 * TaskModel} runs it on ONNX Runtime by default with the PyTorch path's logits (within 1e-4); an
 * export-only folder predicts too; and a mismatched, foreign or truncated {@code model.onnx} is
 * refused with a message naming it.
 */
class OnnxEngineTest {
  @TempDir static Path dir;
  static Path out;
  static List<EncodedExample> examples;

  @BeforeAll
  static void finetune() throws Exception {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    Path tok =
        TaskFixtures.tokenizer(
            Files.createDirectories(dir.resolve("tok")), TaskFixtures.allWords());
    out = dir.resolve("out");
    ClassificationTask.run(
        FinetuneConfig.builder(TaskFixtures.trainer(out, 1, 3e-3, "accuracy").build())
            .fromScratch(TaskFixtures.tinyBert(), tok)
            .train(TaskFixtures.classification(dir.resolve("train.csv"), 60, 1))
            .validation(TaskFixtures.classification(dir.resolve("valid.csv"), 20, 2))
            .maxLength(32)
            .build());
    Path test = TaskFixtures.classification(dir.resolve("test.csv"), 50, 3);
    try (TaskModel m = TaskModel.load(out, InferenceOptions.torch())) {
      examples =
          ClassificationTask.encode(
              m, org.transfer4j.data.ClassificationReader.read(test, m.info().columns()));
    }
  }

  private static float[][] outputs(Path folder, String engine) throws Exception {
    try (TaskModel m = TaskModel.load(folder, InferenceOptions.parse(engine, 1))) {
      assertThat(m.engine()).isEqualTo(engine);
      return m.outputs(examples, 16);
    }
  }

  private static void assertClose(float[][] a, float[][] b) {
    assertThat(a.length).isEqualTo(b.length);
    for (int i = 0; i < a.length; i++) {
      for (int k = 0; k < a[i].length; k++) {
        assertThat((double) Math.abs(a[i][k] - b[i][k])).isLessThan(1e-4);
      }
    }
  }

  @Test
  void finetuningWritesTheExportAndOnnxMatchesTorch() throws Exception {
    assertThat(out.resolve("model.onnx")).exists();
    assertClose(outputs(out, "onnx"), outputs(out, "torch"));
  }

  @Test
  void anExportOnlyFolderPredictsWithoutWeights() throws Exception {
    Path only = dir.resolve("onnx-only");
    OnnxExport.exportFolder(out, only, OnnxExport.DEFAULT_OPSET);
    assertThat(only.resolve("model.safetensors")).doesNotExist();
    assertThat(only.resolve("task.json")).exists();
    assertClose(outputs(only, "onnx"), outputs(out, "torch"));
  }

  @Test
  void anExportOfOtherWeightsIsRefused() throws Exception {
    Path copy = copyOf("stale");
    try (NDManager m = NDManager.newBaseManager()) {
      PretrainedModel fresh =
          HfModels.create(HfModels.readConfig(out), "BertForSequenceClassification", m);
      OnnxExport.write(
          fresh, copy.resolve("model.onnx"), 17, Map.of("transfer4j.weights_sha256", "0"));
    }
    assertThatThrownBy(() -> TaskModel.load(copy))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(copy.resolve("model.onnx").toString())
        .hasMessageContaining("other weights");
  }

  @Test
  void anExportOfAnotherConfigIsRefused() throws Exception {
    Path copy = copyOf("config");
    try (NDManager m = NDManager.newBaseManager()) {
      BertConfig five =
          ((BertConfig) HfModels.readConfig(out))
              .withLabels(Labels.of(List.of("a", "b", "c", "d", "e")));
      OnnxExport.write(
          HfModels.create(five, "BertForSequenceClassification", m),
          copy.resolve("model.onnx"),
          17);
    }
    assertThatThrownBy(() -> TaskModel.load(copy)).hasMessageContaining("other config");
  }

  @Test
  void aForeignExportWithOtherOutputsIsRefused() throws Exception {
    Path copy = copyOf("foreign");
    OnnxGraphBuilder b = new OnnxGraphBuilder("foreign", 17);
    String ids = b.input("input_ids", OnnxGraphBuilder.INT64, "batch", "sequence");
    b.input("attention_mask", OnnxGraphBuilder.INT64, "batch", "sequence");
    String f =
        b.node("Cast", List.of(ids), OnnxGraphBuilder.attr("to", (long) OnnxGraphBuilder.FLOAT));
    b.output(
        "logits", b.node("Tile", List.of(f, b.longs(1, 7))), OnnxGraphBuilder.FLOAT, "batch", 7);
    b.write(copy.resolve("model.onnx"));
    assertThatThrownBy(() -> TaskModel.load(copy))
        .hasMessageContaining("of size 7 but the folder's config.json says")
        .hasMessageContaining("--engine torch");
  }

  @Test
  void aTruncatedExportIsRefused() throws Exception {
    Path copy = copyOf("truncated");
    byte[] bytes = Files.readAllBytes(out.resolve("model.onnx"));
    Files.write(copy.resolve("model.onnx"), java.util.Arrays.copyOf(bytes, bytes.length / 3));
    assertThatThrownBy(() -> TaskModel.load(copy))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("cannot be loaded by ONNX Runtime");
    // PyTorch does not read it.
    try (TaskModel m = TaskModel.load(copy, InferenceOptions.torch())) {
      assertThat(m.engine()).isEqualTo("torch");
    }
  }

  private static Path copyOf(String name) throws Exception {
    Path copy = Files.createDirectories(dir.resolve(name));
    try (var files = Files.list(out)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    return copy;
  }
}
