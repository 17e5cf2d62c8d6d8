package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

  /** The verb end to end on the builtin data, with fixed tiny step counts. */
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
        .contains("from scratch");
    assertThat(r.err()).contains("== pretraining").contains("== fine-tuning from scratch");
    assertThat(out.resolve("summary.json")).isRegularFile();
    assertThat(Files.readString(out.resolve("summary.md"))).contains("generated: six topics");
  }
}
