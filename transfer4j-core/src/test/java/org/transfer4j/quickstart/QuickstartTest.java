package org.transfer4j.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.testing.SharedData;

/** End-to-end: data, tokenizer, pretraining, two fine-tuning runs, summary. */
@Tag("slow")
class QuickstartTest {
  @TempDir Path dir;

  private static PrintStream quiet(ByteArrayOutputStream buf) {
    return new PrintStream(buf, true, StandardCharsets.UTF_8);
  }

  @Test
  void builtinRunWithATinyBudgetWritesEverything() throws IOException {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    QuickstartConfig c =
        QuickstartConfig.defaults(dir)
            .withData(new BuiltinData(600))
            .withMinutes(0.05)
            .withMaxLength(24)
            .withVocabSize(400)
            .withBuiltinModel(null) // the CLI test covers the third run
            .withLog(quiet(log));
    QuickstartResult r = Quickstart.run(c);

    for (String d : new String[] {"data", "tokenizer", "pretrained", "finetuned", "scratch"}) {
      assertThat(dir.resolve(d)).as(d).isDirectory();
    }
    assertThat(dir.resolve("pretrained/model.safetensors")).isRegularFile();
    assertThat(dir.resolve("finetuned/model.safetensors")).isRegularFile();
    assertThat(dir.resolve("scratch/model.safetensors")).isRegularFile();
    assertThat(dir.resolve("tokenizer/tokenizer.json")).isRegularFile();
    JsonObject summary =
        JsonParser.parseString(Files.readString(dir.resolve("summary.json"))).getAsJsonObject();
    assertThat(summary.getAsJsonObject("data").get("name").getAsString()).isEqualTo("builtin");
    double acc =
        summary.getAsJsonObject("finetuned").getAsJsonObject("test").get("accuracy").getAsDouble();
    assertThat(acc).isEqualTo(r.pretrainedTest().get("accuracy")).isBetween(0.0, 1.0);
    assertThat(summary.getAsJsonObject("pretraining").get("steps").getAsLong())
        .isEqualTo(r.pretraining().steps())
        .isGreaterThanOrEqualTo(24);
    assertThat(Files.readString(dir.resolve("summary.md")))
        .contains("| from scratch (`scratch/`) |", "weighted F1");
    assertThat(r.scoreTable())
        .contains("pretrained + finetuned", "from scratch", "own pretraining gain")
        .doesNotContain("all-MiniLM");
    assertThat(summary.has("builtin")).isFalse();
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("probe:", "WordPiece");
  }

  /**
   * The claim the quickstart demonstrates, at a fixed seed and step counts: with 10 labelled
   * BANKING77 (PolyAI) texts per class, a BERT-Tiny pretrained on all 10,003 training texts
   * fine-tunes to a clearly higher accuracy on the 3,080 test texts than the same model from
   * scratch with the same steps.
   */
  @Test
  @Tag("slow")
  void pretrainingBeatsScratchOnBanking77() throws IOException {
    Path banking = SharedData.require("data/banking77");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    QuickstartConfig c =
        QuickstartConfig.defaults(dir)
            .withData(CsvData.banking77(banking, PER_CLASS))
            .withMaxLength(32)
            .withVocabSize(4000)
            .withPretrainSteps(PRETRAIN_STEPS)
            .withEpochs(EPOCHS)
            .withBuiltinModel(null) // bench/minilm-banking77.sh measures the built-in model
            .withLog(quiet(log));
    QuickstartResult r = Quickstart.run(c);
    System.out.print(r.scoreTable());
    double pre = r.pretrainedTest().get("accuracy");
    double scratch = r.scratchTest().get("accuracy");
    assertThat(pre - scratch).as("accuracy gain, log:%n%s", r.scoreTable()).isGreaterThan(MARGIN);
    assertThat(r.pretrainedTest().get("weighted_f1") - r.scratchTest().get("weighted_f1"))
        .isGreaterThan(MARGIN);
  }

  private static final int PER_CLASS = 10;
  // 3,200 steps of 128 lines, about 41 epochs of the corpus: measured 2026-11-22, pretrained
  // 0.560 vs scratch 0.404 accuracy; at 1,600 steps the two were still level (0.408 vs 0.404).
  private static final long PRETRAIN_STEPS = 3200;
  private static final int EPOCHS = 20;
  private static final double MARGIN = 0.05;
}
