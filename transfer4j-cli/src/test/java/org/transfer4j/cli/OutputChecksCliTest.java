package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Regression tests: an output naming an input overwrote it (issue 11). */
class OutputChecksCliTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "forward --model M --inputs M/inputs.safetensors --output M/inputs.safetensors"
            + " | --output M/inputs.safetensors is the --inputs",
        "forward --model M --inputs M/inputs.safetensors --output M/model.safetensors"
            + " | --output M/model.safetensors is a file of the --model M",
        "evaluate --model M --data M/gold.txt -o M | --output M is the --model M",
        "score --gold M/gold.txt --pred M/pred.txt --output M/gold.txt"
            + " | --output M/gold.txt is the --gold M/gold.txt",
      })
  void anOutputNamingAnInputOverwroteIt(String command, String message) throws Exception {
    Path m = Files.createDirectories(tmp.resolve("m"));
    Files.writeString(m.resolve("config.json"), "{}");
    Files.writeString(m.resolve("model.safetensors"), "weights");
    Files.writeString(m.resolve("inputs.safetensors"), "inputs");
    Files.writeString(m.resolve("gold.txt"), "a\n");
    Files.writeString(m.resolve("pred.txt"), "a\n");
    String[] args = command.replace("M", m.toString()).split(" ");
    CliTest.Result r = CliTest.run(args);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: " + message.replace("M", m.toString()));
    assertThat(r.err()).doesNotContain("Exception");
    assertThat(m.resolve("model.safetensors")).hasContent("weights");
    assertThat(m.resolve("inputs.safetensors")).hasContent("inputs");
    assertThat(m.resolve("gold.txt")).hasContent("a");
  }

  @org.junit.jupiter.api.Test
  void aSecondTrainingRunWasSilentlyMixedIntoTheFirstRunsFolder() throws Exception {
    Path corpus = Files.writeString(tmp.resolve("c.txt"), "the cat sat on the mat\nthe dog ran\n");
    Path out = tmp.resolve("tok");
    String[] train = {"tokenizer", "train", "--vocab-size", "40", "--quiet", "-o", out.toString()};
    String[] args =
        java.util.stream.Stream.concat(
                java.util.Arrays.stream(train), java.util.stream.Stream.of(corpus.toString()))
            .toArray(String[]::new);
    assertThat(CliTest.run(args).code()).isZero();
    Files.writeString(out.resolve("vocab.json"), "{}"); // a file of an older BPE run
    CliTest.Result again = CliTest.run(args);
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err())
        .startsWith("error: --output " + out + " is not empty")
        .contains("give --overwrite to replace the run there, or another --output");
    String[] overwrite =
        java.util.stream.Stream.concat(
                java.util.Arrays.stream(args), java.util.stream.Stream.of("--overwrite"))
            .toArray(String[]::new);
    assertThat(CliTest.run(overwrite).code()).isZero();
    assertThat(out.resolve("vocab.json")).doesNotExist(); // the folder holds one run
    assertThat(out.resolve("vocab.txt")).exists();
    assertThat(out.resolve(org.transfer4j.train.RunFolder.LOCK)).doesNotExist();
  }
}
