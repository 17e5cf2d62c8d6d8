package org.transfer4j.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.train.TrainerConfig;

class PretrainerTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  private PretrainConfig.Builder config(Path corpus, Path out, TrainerConfig.Builder training)
      throws IOException {
    return PretrainConfig.builder(List.of(corpus), training.build())
        .vocabSize(80)
        .model(PretrainFixtures.writeMicroConfig(tmp.resolve("config")).toString())
        .log(new PrintStream(log, true, StandardCharsets.UTF_8), false);
  }

  private static TrainerConfig.Builder training(Path out) {
    return TrainerConfig.builder(out)
        .epochs(0)
        .maxSteps(6)
        .batchSize(16)
        .lr(1e-3)
        .logEvery(1)
        .plots(false);
  }

  @Test
  void emptyCorpusIsAClearErrorAndLeavesNoOutput() throws IOException {
    Bootstrap.engine();
    Path corpus = Files.writeString(tmp.resolve("empty.txt"), "\n  \n\n");
    Path out = tmp.resolve("run");
    assertThatThrownBy(() -> Pretrainer.run(config(corpus, out, training(out)).build()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("empty.txt")
        .hasMessageContaining("no");
    assertThat(out).doesNotExist();
  }

  @Test
  void noLineLongEnoughIsAClearErrorAndLeavesNoOutput() throws IOException {
    Bootstrap.engine();
    Path corpus = PretrainFixtures.cyclicCorpus(tmp.resolve("short.txt"), 200, 1, 3, 1);
    Path out = tmp.resolve("run");
    assertThatThrownBy(
            () -> Pretrainer.run(config(corpus, out, training(out)).minLength(50).build()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("minimum length of 50");
    assertThat(out).doesNotExist();
  }

  @Test
  void resumeReproducesTheLosses() throws IOException {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    Path corpus = PretrainFixtures.cyclicCorpus(tmp.resolve("c.txt"), 300, 6, 20, 5);
    Path out = tmp.resolve("run");
    PretrainResult full = Pretrainer.run(config(corpus, out, training(out).saveEvery(3)).build());
    assertThat(full.losses()).hasSize(6);
    assertThat(out.resolve("checkpoint-3")).isDirectory();
    String firstLog = log.toString(StandardCharsets.UTF_8);
    assertThat(firstLog).contains("max length:").contains("token cache").contains("min length: 5");

    PretrainResult resumed =
        Pretrainer.run(
            config(corpus, out, training(out).saveEvery(3).resume(out.resolve("checkpoint-3")))
                .build());
    assertThat(resumed.steps()).isEqualTo(6);
    assertThat(resumed.losses()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(resumed.losses().get(i))
          .as("loss of step %d", i + 3)
          .isCloseTo(
              full.losses().get(i + 3), org.assertj.core.data.Percentage.withPercentage(1e-3));
    }
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("resuming: tokenizer");
    for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "vocab.txt")) {
      assertThat(out.resolve(f)).isRegularFile();
    }
    assertThat(out.resolve("optimizer.safetensors")).doesNotExist();
  }
}
