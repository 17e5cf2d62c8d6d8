package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuickstartCommandTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--data nope                 | --data must be wordnet [DIR], builtin or banking77 DIR",
        "--data banking77            | --data banking77 needs the folder",
        "--data builtin x            | --data builtin takes no PATH",
        "--data banking77 /no/such   | train.csv is missing",
        "--data builtin --minutes 0  | --minutes must be more than 0",
        "--data builtin --epochs -1  | --pretrain-steps and --epochs must be >= 0",
      })
  void badOptionsExitTwoWithOneLine(String args, String message) {
    String[] split = (args.strip() + " --output " + dir.resolve("out")).split("\\s+");
    String[] full = new String[split.length + 1];
    full[0] = "quickstart";
    System.arraycopy(split, 0, full, 1, split.length);
    CliTest.Result r = CliTest.run(full);
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("error: ").contains(message).doesNotContain("Exception");
  }

  /**
   * The verb end to end on the builtin data, with fixed tiny step counts, and the third run from
   * the built-in all-MiniLM-L6-v2: one epoch of it already labels words the labelled data never
   * showed, which the tiny models cannot.
   */
  @Test
  @Tag("slow")
  void builtinWithFixedStepsPrintsTheScoreTable() throws Exception {
    Path out = dir.resolve("qs");
    CliTest.Result r =
        CliTest.run(
            "quickstart",
            "--data",
            "builtin",
            "--output",
            out.toString(),
            "--pretrain-steps",
            "4",
            "--epochs",
            "1",
            "--max-length",
            "24",
            "--vocab-size",
            "300",
            "--threads",
            "2");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("test scores on builtin (576 test texts, 6 labels, 288 labelled training texts)")
        .contains("pretrained + finetuned")
        .contains("from scratch")
        .contains("all-MiniLM-L6-v2");
    assertThat(r.err())
        .contains("== pretraining")
        .contains("== fine-tuning from scratch")
        .contains("== fine-tuning all-MiniLM-L6-v2");
    assertThat(out.resolve("summary.json")).isRegularFile();
    assertThat(out.resolve("builtin/model.safetensors")).isRegularFile();
    JsonObject builtin =
        JsonParser.parseString(Files.readString(out.resolve("summary.json")))
            .getAsJsonObject()
            .getAsJsonObject("builtin");
    assertThat(builtin.get("model").getAsString()).isEqualTo("all-MiniLM-L6-v2");
    double acc = builtin.getAsJsonObject("test").get("accuracy").getAsDouble();
    // Six topics: chance is 1/6; the tiny models stay near it after one epoch.
    assertThat(acc).as(r.out()).isGreaterThan(0.5);
    assertThat(Files.readString(out.resolve("summary.md"))).contains("generated: six topics");
  }
}
