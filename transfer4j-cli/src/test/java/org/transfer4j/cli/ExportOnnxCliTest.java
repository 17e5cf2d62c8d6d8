package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.io.SafeTensorsFile;
import org.transfer4j.testing.SharedData;

/**
 * {@code export onnx} on a golden folder, then {@code forward} on both engines gives the same
 * logits; GPT-2 (not yet exportable), a bad opset and an output that is the input are one error
 * line each.
 */
class ExportOnnxCliTest {
  @Test
  void exportThenForwardOnBothEngines(@TempDir Path tmp) throws Exception {
    Path golden = SharedData.require("golden/bert-sequence-classification");
    Path out = tmp.resolve("onnx");
    CliTest.Result r =
        CliTest.run("export", "onnx", "--model", golden.toString(), "--output", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("BertForSequenceClassification", "opset 17");
    assertThat(out.resolve("model.onnx")).exists();
    assertThat(out.resolve("config.json")).exists();

    Path inputs = golden.resolve("inputs.safetensors");
    Path viaOnnx = tmp.resolve("onnx.safetensors");
    Path viaTorch = tmp.resolve("torch.safetensors");
    r =
        CliTest.run(
            "forward",
            "--model",
            golden.toString(),
            "--inputs",
            inputs.toString(),
            "--output",
            viaOnnx.toString(),
            "--no-hidden-states",
            "--engine",
            "onnx");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("(onnx)");
    r =
        CliTest.run(
            "forward",
            "--model",
            golden.toString(),
            "--inputs",
            inputs.toString(),
            "--output",
            viaTorch.toString(),
            "--no-hidden-states",
            "--engine",
            "torch");
    assertThat(r.code()).as(r.err()).isZero();
    try (SafeTensorsFile a = SafeTensorsFile.open(viaOnnx);
        SafeTensorsFile b = SafeTensorsFile.open(viaTorch)) {
      float[] x = a.readFloats("logits");
      float[] y = b.readFloats("logits");
      assertThat(x).hasSameSizeAs(y);
      for (int i = 0; i < x.length; i++) {
        assertThat((double) Math.abs(x[i] - y[i])).isLessThan(1e-4);
      }
    }
  }

  @Test
  void refusalsAreOneErrorLine(@TempDir Path tmp) throws Exception {
    Path gpt2 = SharedData.require("golden/gpt2-lm");
    Path bert = SharedData.require("golden/bert-sequence-classification");
    CliTest.Result r =
        CliTest.run(
            "export",
            "onnx",
            "--model",
            gpt2.toString(),
            "--output",
            tmp.toString(),
            "--opset",
            "14");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: --opset 14: the GPT-2 export needs opset 17");
    r =
        CliTest.run(
            "export",
            "onnx",
            "--model",
            bert.toString(),
            "--output",
            tmp.resolve("x").toString(),
            "--opset",
            "9");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--opset 9");
    Path copy = Files.createDirectories(tmp.resolve("copy"));
    Files.copy(bert.resolve("config.json"), copy.resolve("config.json"));
    Files.copy(bert.resolve("model.safetensors"), copy.resolve("model.safetensors"));
    r = CliTest.run("export", "onnx", "--model", copy.toString(), "--output", copy.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--output");
    r =
        CliTest.run(
            "forward",
            "--model",
            bert.toString(),
            "--inputs",
            bert.resolve("inputs.safetensors").toString(),
            "--output",
            tmp.resolve("o.safetensors").toString(),
            "--engine",
            "onnx");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--no-hidden-states");
  }
}
