package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.transfer4j.cli.CliTest.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.cli.CliTest.Result;
import org.transfer4j.io.SafeTensorsFile;
import org.transfer4j.testing.SharedData;

/** {@code export onnx} of GPT-2, then {@code generate --engine onnx|torch|auto}, in-process. */
class GenerateOnnxCliTest {
  @TempDir static Path exported;
  static Path golden;
  static String prompt;
  static String continuation;

  @BeforeAll
  static void export() throws Exception {
    golden = SharedData.require("golden/gpt2-lm");
    try (SafeTensorsFile f = SafeTensorsFile.open(golden.resolve("expected.safetensors"))) {
      long[] p = f.readLongs("greedy_prompt");
      long[] reference = f.readLongs("greedy_output");
      prompt = join(p);
      continuation = join(Arrays.copyOfRange(reference, p.length, reference.length));
    }
    Result r = run("export", "onnx", "--model", golden.toString(), "--output", exported.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  static String join(long[] ids) {
    return LongStream.of(ids).mapToObj(Long::toString).collect(Collectors.joining(","));
  }

  static Result generate(Path model, String... extra) {
    String[] base = {
      "generate",
      "--model",
      model.toString(),
      "--prompt-ids",
      prompt,
      "--max-new-tokens",
      Integer.toString(continuation.split(",").length),
      "--ignore-eos",
      "--threads",
      "1"
    };
    String[] args = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return run(args);
  }

  @Test
  void onnxEngineReproducesTheGoldenGreedyReference() {
    for (String[] engine : new String[][] {{"--engine", "onnx"}, {}}) { // auto picks model.onnx
      Result r = generate(exported, engine);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("generated ids: " + continuation);
      assertThat(r.err()).contains("engine onnx");
    }
    Result torch = generate(golden, "--engine", "torch");
    assertThat(torch.code()).as(torch.err()).isZero();
    assertThat(torch.out()).contains("generated ids: " + continuation);
    assertThat(torch.err()).contains("engine torch");
  }

  @Test
  void beamSearchOnOnnxEqualsTorch() {
    String[] beams = {"--num-beams", "3", "--num-return-sequences", "2"};
    Result onnx = generate(exported, concat(beams, "--engine", "onnx"));
    Result torch = generate(golden, concat(beams, "--engine", "torch"));
    assertThat(onnx.code()).as(onnx.err()).isZero();
    assertThat(onnx.out()).isEqualTo(torch.out()).contains("[2] generated ids: ");
  }

  @Test
  void aMalformedModelOnnxIsOneErrorLine(@TempDir Path dir) throws Exception {
    Files.copy(golden.resolve("config.json"), dir.resolve("config.json"));
    Files.writeString(dir.resolve("model.onnx"), "not a protobuf");
    Result r = generate(dir, "--engine", "onnx");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("error: ONNX model " + dir.resolve("model.onnx") + " cannot be loaded")
        .contains("transfer4j export onnx")
        .doesNotContain("at org.");
    assertThat(r.err().lines().count()).isEqualTo(1);
  }

  @Test
  void anExportOfAnotherConfigIsRefused(@TempDir Path dir) throws Exception {
    Files.copy(exported.resolve("model.onnx"), dir.resolve("model.onnx"));
    Files.writeString(
        dir.resolve("config.json"),
        Files.readString(golden.resolve("config.json"))
            .replace("\"n_layer\": 2", "\"n_layer\": 3"));
    Result r = generate(dir);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("error: " + dir.resolve("model.onnx") + " was exported from other config")
        .contains("--engine torch");
  }

  /** Without a model.onnx the folder's weights are exported once into the cache. */
  @Test
  void aFolderWithoutAnExportGetsOneInTheCache(@TempDir Path dir) throws Exception {
    Result r = generate(golden, "--engine", "onnx");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("generated ids: " + continuation);
    assertThat(r.err()).contains("engine onnx");
    Files.copy(golden.resolve("config.json"), dir.resolve("config.json"));
    Result none = generate(dir, "--engine", "onnx");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).startsWith("error: ").contains("nor weights (model.safetensors)");
    Result bad = generate(golden, "--engine", "tensorrt");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).startsWith("error: --engine tensorrt: unknown engine");
  }

  /** forward on ONNX Runtime feeds GPT-2's positions and an empty past, and writes the logits. */
  @Test
  void forwardOnOnnxGivesThePyTorchLogits(@TempDir Path tmp) throws Exception {
    Path onnx = tmp.resolve("onnx.safetensors");
    Path torch = tmp.resolve("torch.safetensors");
    String inputs = golden.resolve("inputs.safetensors").toString();
    for (String[] side : new String[][] {{"onnx", onnx.toString()}, {"torch", torch.toString()}}) {
      Result r =
          run(
              "forward",
              "--model",
              golden.toString(),
              "--inputs",
              inputs,
              "--output",
              side[1],
              "--no-hidden-states",
              "--engine",
              side[0],
              "--threads",
              "1");
      assertThat(r.code()).as(r.err()).isZero();
    }
    try (SafeTensorsFile a = SafeTensorsFile.open(onnx);
        SafeTensorsFile b = SafeTensorsFile.open(torch)) {
      assertThat(a.has("present.0.key")).isFalse();
      float[] x = a.readFloats("logits");
      float[] y = b.readFloats("logits");
      assertThat(x).hasSameSizeAs(y);
      for (int i = 0; i < x.length; i++) {
        assertThat((double) Math.abs(x[i] - y[i])).isLessThan(1e-4);
      }
    }
  }

  static String[] concat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
