package org.transfer4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.Bootstrap;

class CheckpointTest {
  @TempDir Path dir;

  private void writeShards() throws IOException {
    SafeTensorsWriter.write(
        dir.resolve("model-00001-of-00002.safetensors"),
        List.of(
            RawTensor.ofFloats("a.weight", new long[] {2, 2}, new float[] {1, 2, 3, 4}),
            RawTensor.ofFloats("a.bias", new long[] {2}, new float[] {5, 6})),
        Map.of("format", "pt"));
    SafeTensorsWriter.write(
        dir.resolve("model-00002-of-00002.safetensors"),
        List.of(RawTensor.ofLongs("b.ids", new long[] {3}, new long[] {7, 8, 9})),
        Map.of("format", "pt"));
  }

  private void writeIndex(String weightMap) throws IOException {
    Files.writeString(
        dir.resolve(Checkpoint.INDEX),
        "{\"metadata\": {\"total_size\": 48}, \"weight_map\": " + weightMap + "}");
  }

  private static final String GOOD_MAP =
      "{\"a.weight\": \"model-00001-of-00002.safetensors\","
          + " \"b.ids\": \"model-00002-of-00002.safetensors\","
          + " \"a.bias\": \"model-00001-of-00002.safetensors\"}";

  @Test
  void shardedCheckpointReadsEveryTensorFromItsShard() throws IOException {
    writeShards();
    writeIndex(GOOD_MAP);
    Bootstrap.init(Bootstrap.Options.defaults());
    try (Checkpoint c = Checkpoint.open(dir);
        NDManager m = NDManager.newBaseManager()) {
      assertThat(c.names()).containsExactly("a.weight", "b.ids", "a.bias");
      assertThat(c.files()).hasSize(2);
      assertThat(c.info("a.weight").shape()).containsExactly(2, 2);
      assertThat(c.toNDArray("a.weight", m).toFloatArray()).containsExactly(1, 2, 3, 4);
      assertThat(c.toNDArray("b.ids", m).toLongArray()).containsExactly(7, 8, 9);
      assertThat(c.readFloats("a.bias")).containsExactly(5, 6);
      assertThat(c.metadata()).containsEntry("format", "pt");
      assertThatThrownBy(() -> c.info("missing.weight"))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("missing.weight")
          .hasMessageContaining(Checkpoint.INDEX);
    }
    // the index may also be named directly
    try (Checkpoint c = Checkpoint.open(dir.resolve(Checkpoint.INDEX))) {
      assertThat(c.names()).hasSize(3);
    }
  }

  @Test
  void singleFileWinsOverTheIndexAndCanBeNamedDirectly() throws IOException {
    SafeTensorsWriter.write(
        dir.resolve(Checkpoint.SINGLE),
        List.of(RawTensor.ofFloats("w", new long[] {1}, new float[] {3})),
        Map.of());
    try (Checkpoint c = Checkpoint.open(dir)) {
      assertThat(c.names()).containsExactly("w");
      assertThat(c.location()).isEqualTo(dir.resolve(Checkpoint.SINGLE));
    }
    try (Checkpoint c = Checkpoint.open(dir.resolve(Checkpoint.SINGLE))) {
      assertThat(c.readFloats("w")).containsExactly(3);
    }
  }

  @Test
  void missingShardIsNamed() throws IOException {
    writeShards();
    Files.delete(dir.resolve("model-00002-of-00002.safetensors"));
    writeIndex(GOOD_MAP);
    assertThatThrownBy(() -> Checkpoint.open(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("b.ids")
        .hasMessageContaining("model-00002-of-00002.safetensors")
        .hasMessageContaining("does not exist");
  }

  @Test
  void tensorAbsentFromItsShardIsNamed() throws IOException {
    writeShards();
    writeIndex("{\"a.weight\": \"model-00002-of-00002.safetensors\"}");
    assertThatThrownBy(() -> Checkpoint.open(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("a.weight")
        .hasMessageContaining("has no such tensor");
  }

  @Test
  void shardOutsideTheFolderIsRefused() throws IOException {
    writeShards();
    writeIndex("{\"a.weight\": \"../model-00001-of-00002.safetensors\"}");
    assertThatThrownBy(() -> Checkpoint.open(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("not a file in the index's folder");
  }

  @Test
  void malformedIndexesAreNamed() throws IOException {
    writeShards();
    Files.writeString(dir.resolve(Checkpoint.INDEX), "{\"weight_map\": {\"a\": ");
    assertThatThrownBy(() -> Checkpoint.open(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(Checkpoint.INDEX)
        .hasMessageContaining("not valid JSON");
    Files.writeString(dir.resolve(Checkpoint.INDEX), "{\"metadata\": {}}");
    assertThatThrownBy(() -> Checkpoint.open(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("weight_map");
    writeIndex("{\"a.weight\": 3}");
    assertThatThrownBy(() -> Checkpoint.open(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("a.weight")
        .hasMessageContaining("shard file name");
  }

  @Test
  void corruptShardIsNamedThroughTheCheckpoint() throws IOException {
    writeShards();
    writeIndex(GOOD_MAP);
    Path shard = dir.resolve("model-00002-of-00002.safetensors");
    byte[] b = Files.readAllBytes(shard);
    Files.write(shard, java.util.Arrays.copyOf(b, b.length - 3));
    assertThatThrownBy(() -> Checkpoint.open(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("model-00002-of-00002.safetensors")
        .hasMessageContaining("b.ids");
  }

  @Test
  void pytorchBinOnlyGivesTheConversionCommand() throws IOException {
    Files.write(dir.resolve("pytorch_model.bin"), new byte[] {0x50, 0x4b});
    Files.writeString(dir.resolve("config.json"), "{}");
    assertThatThrownBy(() -> Checkpoint.open(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("pytorch_model.bin")
        .hasMessageContaining("from safetensors.torch import save_file")
        .hasMessageContaining("save_pretrained(")
        .hasMessageContaining("safe_serialization=True")
        .hasMessageContaining(dir.toAbsolutePath().resolve("model.safetensors").toString())
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> Checkpoint.open(dir.resolve("pytorch_model.bin")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("save_file");
  }

  @Test
  void otherSafetensorsFilesAreSuggested() throws IOException {
    SafeTensorsWriter.write(
        dir.resolve("weights.safetensors"),
        List.of(RawTensor.ofFloats("w", new long[] {1}, new float[] {3})),
        Map.of());
    assertThatThrownBy(() -> Checkpoint.open(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("it has weights.safetensors: pass that file's path instead");
    try (Checkpoint c = Checkpoint.open(dir.resolve("weights.safetensors"))) {
      assertThat(c.names()).containsExactly("w");
    }
  }

  @Test
  void trainingCheckpointWithoutWeightsGotHuggingFaceAdvice() throws IOException {
    java.nio.file.Files.writeString(dir.resolve("trainer_state.json"), "{}");
    assertThatThrownBy(() -> Checkpoint.open(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("is a training checkpoint without its model.safetensors")
        .hasMessageContaining("OUTPUT/best")
        .hasMessageNotContaining("safe_serialization");
  }

  @Test
  void emptyOrMissingFolderIsExplained() {
    assertThatThrownBy(() -> Checkpoint.open(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("has neither model.safetensors nor " + Checkpoint.INDEX);
    assertThatThrownBy(() -> Checkpoint.open(dir.resolve("nope")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("does not exist");
  }
}
