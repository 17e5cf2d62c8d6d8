package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.transfer4j.io.RawTensor;
import org.transfer4j.io.SafeTensorsFile;
import org.transfer4j.io.SafeTensorsWriter;
import org.transfer4j.io.TensorInfo;
import org.transfer4j.model.Golden;
import org.transfer4j.testing.SharedData;

/** The inspect and forward verbs, in-process, against the golden folders. */
class ModelCliTest {
  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bert-pretraining",
        "bert-sequence-classification",
        "bert-token-classification",
        "bert-multiple-choice",
        "distilbert-sequence-classification"
      })
  void forwardReproducesGoldenOutputs(String folder, @TempDir Path tmp) throws Exception {
    Path dir = SharedData.require("golden/" + folder);
    Path out = tmp.resolve("out.safetensors");
    Result r =
        run(
            "forward",
            "--model",
            dir.toString(),
            "--inputs",
            dir.resolve("inputs.safetensors").toString(),
            "--output",
            out.toString(),
            "--threads",
            "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).as("a complete load prints no report").isEmpty();
    Map<String, float[]> values = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    try (SafeTensorsFile f = SafeTensorsFile.open(out)) {
      for (TensorInfo t : f.tensors()) {
        values.put(t.name(), f.readFloats(t.name()));
        shapes.put(t.name(), t.shape());
      }
    }
    assertThat(Golden.assertMatches(dir, values, shapes)).isPositive();
  }

  @Test
  void inspectShowsConfigModulesAndTensors() {
    Path dir = SharedData.require("golden/bert-pretraining");
    Result r = run("inspect", "--model", dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("model_type:    bert")
        .contains("architecture:  BertForPreTraining")
        .contains("\"hidden_size\": 32")
        .contains("bert.encoder")
        .contains("cls.predictions")
        .contains("bert.embeddings.word_embeddings.weight")
        .contains("F32  [99, 32]");
    // 99*32 + 20*32 + 2*32 (tables) + 2*32 (LayerNorm) = 3,936
    assertThat(r.out()).containsPattern("bert\\.embeddings\\s+3,936");
  }

  @Test
  void forwardWithoutInputIdsNamesTheTensor(@TempDir Path tmp) throws Exception {
    Path dir = SharedData.require("golden/bert-sequence-classification");
    Path in = tmp.resolve("in.safetensors");
    SafeTensorsWriter.write(
        in, List.of(RawTensor.ofLongs("ids", new long[] {1, 3}, new long[] {1, 2, 3})), Map.of());
    Result r =
        run(
            "forward",
            "--model",
            dir.toString(),
            "--inputs",
            in.toString(),
            "--output",
            tmp.resolve("o.safetensors").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("input_ids").doesNotContain("\tat ");
    assertThat(Files.exists(tmp.resolve("o.safetensors"))).isFalse();
  }

  @Test
  void unknownModelTypeListsTheKnownOnes(@TempDir Path tmp) throws Exception {
    Files.writeString(
        tmp.resolve("config.json"), "{\"model_type\": \"llama\", \"hidden_size\": 8}");
    Result r = run("inspect", "--model", tmp.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("unknown model_type 'llama'")
        .contains("bert")
        .contains("distilbert");
  }
}
