package org.transfer4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.transfer4j.train.EarlyStopping;
import org.transfer4j.train.LrSchedule;
import org.transfer4j.train.ParamGroup;
import org.transfer4j.train.TrainerConfig;
import org.transfer4j.train.Warmup;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Options every training verb (pretrain, finetune, ...) accepts; mix in with {@code @Mixin} next to
 * {@link EngineOptions}, which already owns {@code --threads}, {@code --seed} and {@code --verbose}
 * (so they are not declared twice here), and build the trainer's config with {@link
 * #toConfig(EngineOptions)}.
 *
 * <pre>{@code
 * @Mixin EngineOptions engineOptions;
 * @Mixin TrainingOptions trainingOptions;
 * ...
 * TrainerConfig config = trainingOptions.toConfig(engineOptions);
 * }</pre>
 */
public final class TrainingOptions {
  @Option(
      names = "--epochs",
      paramLabel = "N",
      description =
          "Passes over the training data (default: ${DEFAULT-VALUE}; 0: --max-steps only).")
  int epochs = 3;

  @Option(
      names = "--max-steps",
      paramLabel = "N",
      description = "Stop after N optimizer updates (default: 0 = no limit besides --epochs).")
  long maxSteps;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Examples per micro-batch (default: ${DEFAULT-VALUE}).")
  int batchSize = 32;

  @Option(
      names = "--grad-accum",
      paramLabel = "N",
      description =
          "Accumulate N micro-batches per update; the effective batch is N x --batch-size"
              + " (default: ${DEFAULT-VALUE}).")
  int gradAccum = 1;

  @Option(
      names = "--lr",
      paramLabel = "RATE",
      description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
  double lr = 5e-5;

  @Option(
      names = "--lr-init",
      paramLabel = "RATE",
      description = "Learning rate at the start of warmup (default: ${DEFAULT-VALUE}).")
  double lrInit = 0;

  @Option(
      names = "--lr-final",
      paramLabel = "RATE",
      description =
          "Learning rate at the last step, linear and cosine (default: ${DEFAULT-VALUE}).")
  double lrFinal = 0;

  @Option(
      names = "--lr-scale",
      paramLabel = "REGEX=SCALE",
      description =
          "Train parameters whose name matches REGEX at SCALE x the rate, e.g."
              + " 'embeddings\\.=0.1' (repeatable; the first match wins).")
  List<String> lrScales = new ArrayList<>();

  @Option(
      names = "--warmup",
      paramLabel = "STEPS|FRACTION",
      converter = WarmupConverter.class,
      description =
          "Warmup as steps (500) or a fraction of all steps (0.1) (default: ${DEFAULT-VALUE}).")
  Warmup warmup = Warmup.ofSteps(0);

  @Option(
      names = "--schedule",
      paramLabel = "KIND",
      description = "Learning-rate schedule: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  LrSchedule.Kind schedule = LrSchedule.Kind.LINEAR;

  @Option(
      names = "--optimizer",
      paramLabel = "KIND",
      description = "Optimizer: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  TrainerConfig.OptimizerKind optimizer = TrainerConfig.OptimizerKind.ADAMW;

  @Option(
      names = "--weight-decay",
      paramLabel = "W",
      description =
          "Weight decay, not applied to biases and LayerNorm weights (default: ${DEFAULT-VALUE}).")
  double weightDecay = 0.01;

  @Option(
      names = "--momentum",
      paramLabel = "M",
      description = "SGD momentum (default: ${DEFAULT-VALUE}).")
  double momentum = 0.9;

  @Option(
      names = "--clip",
      paramLabel = "NORM",
      description = "Clip the global gradient norm to NORM (default: ${DEFAULT-VALUE}; 0: off).")
  double clip = 1.0;

  @Option(
      names = "--metric",
      paramLabel = "NAME",
      description =
          "Validation metric for early stopping and the best checkpoint (default: ${DEFAULT-VALUE}).")
  String metric = "loss";

  @Option(
      names = "--metric-mode",
      paramLabel = "MODE",
      description =
          "Whether smaller or larger --metric is better: ${COMPLETION-CANDIDATES} (default: min"
              + " for losses and perplexity, else max).")
  EarlyStopping.Mode metricMode;

  @Option(
      names = "--patience",
      paramLabel = "N",
      description = "Stop after N evaluations without improvement (default: 0 = never).")
  int patience;

  @Option(
      names = "--min-delta",
      paramLabel = "D",
      description = "Smallest change of --metric that counts as improvement (default: 0).")
  double minDelta;

  @Option(
      names = "--eval-every",
      paramLabel = "N",
      description = "Evaluate every N updates (default: 0 = at the end of every epoch).")
  long evalEvery;

  @Option(
      names = "--save-every",
      paramLabel = "N",
      description = "Save a checkpoint every N updates (default: 0 = only best and final).")
  long saveEvery;

  @Option(
      names = "--keep-checkpoints",
      paramLabel = "K",
      description = "Periodic checkpoints to keep (default: ${DEFAULT-VALUE}).")
  int keepCheckpoints = 2;

  @Option(
      names = "--log-every",
      paramLabel = "N",
      description = "Log loss, rate and gradient norm every N updates (default: ${DEFAULT-VALUE}).")
  int logEvery = 50;

  @Option(names = "--no-plots", description = "Do not write PNG plots at the end.")
  boolean noPlots;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      required = true,
      description = "Run directory: checkpoints, best/ and final/ models, logs, plots.")
  Path output;

  @Option(
      names = "--resume",
      paramLabel = "DIR",
      description = "Resume from a checkpoint directory (e.g. OUTPUT/checkpoint-1000).")
  Path resume;

  @Option(
      names = "--overwrite",
      description =
          "Replace the run in a non-empty --output (its checkpoints, best/, final/, logs and"
              + " model files are removed first).")
  boolean overwrite;

  @Option(
      names = "--allow-changes",
      description =
          "Resume although batch size, accumulation, seed, step count or data differ from the"
              + " checkpoint's run.")
  boolean allowChanges;

  /** The validated trainer config; the seed comes from {@code --seed} of the engine options. */
  public TrainerConfig toConfig(EngineOptions engine) {
    List<ParamGroup.LrRule> rules = new ArrayList<>();
    for (String s : lrScales) {
      rules.add(ParamGroup.LrRule.parse(s));
    }
    EarlyStopping.Mode mode = metricMode != null ? metricMode : defaultMode(metric);
    return TrainerConfig.builder(output)
        .epochs(epochs)
        .maxSteps(maxSteps)
        .batchSize(batchSize)
        .gradAccum(gradAccum)
        .lr(lr)
        .initLr(lrInit)
        .finalLr(lrFinal)
        .lrRules(rules)
        .warmup(warmup)
        .schedule(schedule)
        .optimizer(optimizer)
        .weightDecay(weightDecay)
        .momentum(momentum)
        .clip(clip)
        .metric(metric, mode)
        .patience(patience)
        .minDelta(minDelta)
        .evalEvery(evalEvery)
        .saveEvery(saveEvery)
        .keepLast(keepCheckpoints)
        .logEvery(logEvery)
        .plots(!noPlots)
        .seed(engine.seed)
        .resume(resume)
        .overwrite(overwrite)
        .allowChanges(allowChanges)
        .build();
  }

  static EarlyStopping.Mode defaultMode(String metric) {
    String m = metric.toLowerCase(java.util.Locale.ROOT);
    return m.contains("loss") || m.contains("perplexity") || m.contains("error")
        ? EarlyStopping.Mode.MIN
        : EarlyStopping.Mode.MAX;
  }

  /** {@code --warmup 500} (steps) or {@code --warmup 0.1} (fraction). */
  static final class WarmupConverter implements ITypeConverter<Warmup> {
    @Override
    public Warmup convert(String value) {
      try {
        return Warmup.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
