package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.transfer4j.train.EarlyStopping;
import org.transfer4j.train.LrSchedule;
import org.transfer4j.train.TrainerConfig;
import org.transfer4j.train.Warmup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class TrainingOptionsTest {
  /** A verb like pretrain/finetune will be: both mixins, no duplicate option names. */
  @Command(name = "train-like", mixinStandardHelpOptions = true)
  static final class Verb implements Callable<Integer> {
    @Mixin EngineOptions engineOptions;
    @Mixin TrainingOptions trainingOptions;
    TrainerConfig config;

    @Override
    public Integer call() {
      config = trainingOptions.toConfig(engineOptions);
      return 0;
    }
  }

  static TrainerConfig parse(String... args) {
    Verb verb = new Verb();
    CommandLine cl = new CommandLine(verb);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.parseArgs(args);
    return verb.trainingOptions.toConfig(verb.engineOptions);
  }

  @Test
  void parsesEveryOptionIntoTheConfig() {
    TrainerConfig c =
        parse(
            "--epochs",
            "4",
            "--max-steps",
            "1000",
            "--batch-size",
            "16",
            "--grad-accum",
            "2",
            "--lr",
            "3e-4",
            "--lr-init",
            "1e-6",
            "--lr-final",
            "1e-5",
            "--warmup",
            "0.1",
            "--schedule",
            "cosine",
            "--optimizer",
            "sgd",
            "--weight-decay",
            "0.05",
            "--momentum",
            "0.8",
            "--lr-scale",
            "embeddings\\.=0.1",
            "--clip",
            "0.5",
            "--metric",
            "accuracy",
            "--patience",
            "3",
            "--min-delta",
            "0.001",
            "--eval-every",
            "200",
            "--save-every",
            "500",
            "--keep-checkpoints",
            "3",
            "--log-every",
            "10",
            "--no-plots",
            "--seed",
            "7",
            "--threads",
            "2",
            "--output",
            "runs/x",
            "--resume",
            "runs/x/checkpoint-500");
    assertThat(c.epochs()).isEqualTo(4);
    assertThat(c.maxSteps()).isEqualTo(1000);
    assertThat(c.batchSize()).isEqualTo(16);
    assertThat(c.gradAccum()).isEqualTo(2);
    assertThat(c.lr()).isEqualTo(3e-4);
    assertThat(c.initLr()).isEqualTo(1e-6);
    assertThat(c.finalLr()).isEqualTo(1e-5);
    assertThat(c.warmup()).isEqualTo(Warmup.ofFraction(0.1));
    assertThat(c.schedule()).isEqualTo(LrSchedule.Kind.COSINE);
    assertThat(c.optimizer()).isEqualTo(TrainerConfig.OptimizerKind.SGD);
    assertThat(c.weightDecay()).isEqualTo(0.05);
    assertThat(c.momentum()).isEqualTo(0.8);
    assertThat(c.lrRules()).hasSize(1);
    assertThat(c.lrRules().get(0).lrScale()).isEqualTo(0.1);
    assertThat(c.lrRules().get(0).pattern().pattern()).isEqualTo("embeddings\\.");
    assertThat(c.clip()).isEqualTo(0.5);
    assertThat(c.metric()).isEqualTo("accuracy");
    assertThat(c.metricMode()).isEqualTo(EarlyStopping.Mode.MAX);
    assertThat(c.patience()).isEqualTo(3);
    assertThat(c.minDelta()).isEqualTo(0.001);
    assertThat(c.evalEvery()).isEqualTo(200);
    assertThat(c.saveEvery()).isEqualTo(500);
    assertThat(c.keepLast()).isEqualTo(3);
    assertThat(c.logEvery()).isEqualTo(10);
    assertThat(c.plots()).isFalse();
    assertThat(c.seed()).isEqualTo(7);
    assertThat(c.output()).isEqualTo(Path.of("runs/x"));
    assertThat(c.resume()).isEqualTo(Path.of("runs/x/checkpoint-500"));
    assertThat(c.lrSchedule(1000).lr(100)).isEqualTo(3e-4); // warmup 10% of 1000 steps
  }

  @Test
  void defaultsFollowBertFineTuning() {
    TrainerConfig c = parse("--output", "out");
    assertThat(c.epochs()).isEqualTo(3);
    assertThat(c.lr()).isEqualTo(5e-5);
    assertThat(c.optimizer()).isEqualTo(TrainerConfig.OptimizerKind.ADAMW);
    assertThat(c.schedule()).isEqualTo(LrSchedule.Kind.LINEAR);
    assertThat(c.weightDecay()).isEqualTo(0.01);
    assertThat(c.clip()).isEqualTo(1.0);
    assertThat(c.metric()).isEqualTo("loss");
    assertThat(c.metricMode()).isEqualTo(EarlyStopping.Mode.MIN);
    assertThat(c.seed()).isEqualTo(42);
    assertThat(c.warmup().steps(100)).isZero();
  }

  @Test
  void warmupStepsAreIntegers() {
    assertThat(parse("--output", "o", "--warmup", "500").warmup()).isEqualTo(Warmup.ofSteps(500));
  }

  @Test
  void badWarmupIsAUsageErrorNamingTheOption() {
    assertThatThrownBy(() -> parse("--output", "o", "--warmup", "soon"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--warmup")
        .hasMessageContaining("neither a step count");
  }

  @Test
  void invalidValuesAreClearErrors() {
    assertThatThrownBy(() -> parse("--output", "o", "--grad-accum", "0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--grad-accum must be >= 1, got 0");
    assertThatThrownBy(() -> parse("--output", "o", "--epochs", "0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("give --epochs or --max-steps");
    assertThatThrownBy(() -> parse("--output", "o", "--lr-scale", "embeddings"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REGEX=SCALE");
  }

  @Test
  void outputIsRequired() {
    assertThatThrownBy(() -> parse("--epochs", "1"))
        .isInstanceOf(CommandLine.MissingParameterException.class)
        .hasMessageContaining("--output");
  }

  @Test
  void verbWithBothMixinsRunsAndHelpListsTrainingOptions() {
    Verb verb = new Verb();
    CommandLine cl = new CommandLine(verb);
    java.io.StringWriter out = new java.io.StringWriter();
    cl.setOut(new java.io.PrintWriter(out));
    assertThat(cl.execute("--max-steps", "10", "--epochs", "0", "-o", "o", "--seed", "3")).isZero();
    assertThat(verb.config.seed()).isEqualTo(3);
    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).contains("--grad-accum").contains("--threads").contains("--warmup");
  }
}
