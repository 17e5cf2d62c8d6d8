package org.transfer4j.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything the training loop needs to know, validated; the CLI's {@code TrainingOptions} builds
 * it. Step counts are optimizer updates (one update = {@code gradAccum} micro-batches).
 *
 * <pre>{@code
 * TrainerConfig c = TrainerConfig.builder(Path.of("runs/x")).epochs(3).lr(5e-5)
 *     .warmup(Warmup.ofFraction(0.1)).build();
 * }</pre>
 *
 * @param epochs passes over the training data (0: only {@code maxSteps} limits)
 * @param maxSteps optimizer updates at most (0: only {@code epochs} limits)
 * @param batchSize examples per micro-batch (the task builds its batch source with it)
 * @param gradAccum micro-batches per update
 * @param lr peak learning rate
 * @param initLr learning rate at step 0 (warmup start)
 * @param finalLr learning rate at the last step (linear and cosine schedules)
 * @param warmup warmup length
 * @param schedule schedule shape
 * @param optimizer optimizer
 * @param weightDecay decay for parameters not exempt ({@link ParamGroup#isNoDecay})
 * @param momentum SGD momentum
 * @param lrRules per-group learning-rate scales by parameter-name pattern
 * @param clip global gradient-norm bound (0: no clipping; the norm is logged anyway)
 * @param metric validation metric for early stopping and the best checkpoint ({@code loss})
 * @param metricMode whether smaller or larger is better
 * @param patience evaluations without improvement before stopping (0: never stop early)
 * @param minDelta smallest change that counts as an improvement
 * @param evalEvery evaluate every N updates (0: at the end of every epoch)
 * @param saveEvery save a checkpoint every N updates (0: none besides best and final)
 * @param keepLast periodic checkpoints to keep
 * @param seed seed for data order, dropout and the task's {@code Random}
 * @param output run directory (checkpoints, logs, plots)
 * @param resume checkpoint directory to resume from, or null
 * @param logEvery write a JSONL/TensorBoard train record (and a plain progress line) every N
 *     updates
 * @param lossWindow steps in the progress bar's running mean loss
 * @param plots write PNG plots at the end
 * @param overwrite replace a run already in {@code output} ({@code --overwrite}); without it a
 *     non-empty output folder is refused unless {@code resume} lies inside it
 * @param allowChanges resume although batch size, accumulation, seed, total steps or data differ
 *     from the checkpoint's run ({@code --allow-changes})
 * @param dataFingerprint identifies the training data (files' names, sizes and times, or a cache
 *     fingerprint), recorded in checkpoints and compared on resume; null when unknown
 */
public record TrainerConfig(
    int epochs,
    long maxSteps,
    int batchSize,
    int gradAccum,
    double lr,
    double initLr,
    double finalLr,
    Warmup warmup,
    LrSchedule.Kind schedule,
    OptimizerKind optimizer,
    double weightDecay,
    double momentum,
    List<ParamGroup.LrRule> lrRules,
    double clip,
    String metric,
    EarlyStopping.Mode metricMode,
    int patience,
    double minDelta,
    long evalEvery,
    long saveEvery,
    int keepLast,
    long seed,
    Path output,
    Path resume,
    int logEvery,
    int lossWindow,
    boolean plots,
    boolean overwrite,
    boolean allowChanges,
    String dataFingerprint) {

  /** The optimizer kinds ({@code --optimizer}). */
  public enum OptimizerKind {
    ADAMW,
    ADAM,
    SGD
  }

  public TrainerConfig {
    Objects.requireNonNull(output, "output directory");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(metricMode, "metric mode");
    lrRules = List.copyOf(lrRules);
    require(epochs >= 0, "--epochs must be >= 0, got " + epochs);
    require(maxSteps >= 0, "--max-steps must be >= 0, got " + maxSteps);
    require(epochs > 0 || maxSteps > 0, "give --epochs or --max-steps (both are 0)");
    require(batchSize >= 1, "--batch-size must be >= 1, got " + batchSize);
    require(gradAccum >= 1, "--grad-accum must be >= 1, got " + gradAccum);
    require(lr > 0 && Double.isFinite(lr), "--lr must be a positive number, got " + lr);
    require(initLr >= 0 && initLr <= lr, "--lr-init must be in [0, --lr], got " + initLr);
    require(finalLr >= 0 && finalLr <= lr, "--lr-final must be in [0, --lr], got " + finalLr);
    require(weightDecay >= 0 && weightDecay < 1, "--weight-decay must be in [0, 1)");
    require(momentum >= 0 && momentum < 1, "--momentum must be in [0, 1), got " + momentum);
    require(clip >= 0, "--clip must be >= 0 (0 disables), got " + clip);
    require(metric != null && !metric.isBlank(), "--metric must name a validation metric");
    require(patience >= 0, "--patience must be >= 0 (0 disables), got " + patience);
    require(minDelta >= 0, "--min-delta must be >= 0, got " + minDelta);
    require(evalEvery >= 0, "--eval-every must be >= 0 (0: every epoch), got " + evalEvery);
    require(saveEvery >= 0, "--save-every must be >= 0 (0: off), got " + saveEvery);
    require(keepLast >= 1, "--keep-checkpoints must be >= 1, got " + keepLast);
    require(logEvery >= 1, "--log-every must be >= 1, got " + logEvery);
    require(lossWindow >= 1, "loss window must be >= 1, got " + lossWindow);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Updates in the whole run, given the micro-batches per epoch. */
  public long totalSteps(int batchesPerEpoch) {
    long perEpoch = (batchesPerEpoch + gradAccum - 1) / gradAccum;
    long byEpochs = epochs > 0 ? perEpoch * epochs : Long.MAX_VALUE;
    return maxSteps > 0 ? Math.min(maxSteps, byEpochs) : byEpochs;
  }

  /** The schedule for a run of {@code totalSteps} updates. */
  public LrSchedule lrSchedule(long totalSteps) {
    return LrSchedule.of(schedule, initLr, lr, finalLr, warmup.steps(totalSteps), totalSteps);
  }

  /** The optimizer over the groups {@link ParamGroup#split} makes of these parameters. */
  public Optimizer newOptimizer(java.util.Map<String, org.transfer4j.nn.Parameter> params) {
    List<ParamGroup> groups = ParamGroup.split(params, weightDecay, lrRules);
    return switch (optimizer) {
      case ADAMW -> new AdamW(groups);
      case ADAM -> new Adam(groups);
      case SGD -> new Sgd(groups, momentum);
    };
  }

  public static Builder builder(Path output) {
    return new Builder(output);
  }

  /** The same config writing to another run directory (e.g. two runs of one experiment). */
  public TrainerConfig withOutput(Path dir) {
    return new TrainerConfig(
        epochs,
        maxSteps,
        batchSize,
        gradAccum,
        lr,
        initLr,
        finalLr,
        warmup,
        schedule,
        optimizer,
        weightDecay,
        momentum,
        lrRules,
        clip,
        metric,
        metricMode,
        patience,
        minDelta,
        evalEvery,
        saveEvery,
        keepLast,
        seed,
        dir,
        resume,
        logEvery,
        lossWindow,
        plots,
        overwrite,
        allowChanges,
        dataFingerprint);
  }

  public Builder toBuilder() {
    Builder b = new Builder(output);
    b.epochs = epochs;
    b.maxSteps = maxSteps;
    b.batchSize = batchSize;
    b.gradAccum = gradAccum;
    b.lr = lr;
    b.initLr = initLr;
    b.finalLr = finalLr;
    b.warmup = warmup;
    b.schedule = schedule;
    b.optimizer = optimizer;
    b.weightDecay = weightDecay;
    b.momentum = momentum;
    b.lrRules = lrRules;
    b.clip = clip;
    b.metric = metric;
    b.metricMode = metricMode;
    b.patience = patience;
    b.minDelta = minDelta;
    b.evalEvery = evalEvery;
    b.saveEvery = saveEvery;
    b.keepLast = keepLast;
    b.seed = seed;
    b.resume = resume;
    b.logEvery = logEvery;
    b.lossWindow = lossWindow;
    b.plots = plots;
    b.overwrite = overwrite;
    b.allowChanges = allowChanges;
    b.dataFingerprint = dataFingerprint;
    return b;
  }

  /** Defaults follow BERT fine-tuning: AdamW, lr 5e-5, linear decay, decay 0.01, clip 1. */
  public static final class Builder {
    private final Path output;
    private int epochs = 3;
    private long maxSteps;
    private int batchSize = 32;
    private int gradAccum = 1;
    private double lr = 5e-5;
    private double initLr;
    private double finalLr;
    private Warmup warmup = Warmup.ofSteps(0);
    private LrSchedule.Kind schedule = LrSchedule.Kind.LINEAR;
    private OptimizerKind optimizer = OptimizerKind.ADAMW;
    private double weightDecay = 0.01;
    private double momentum = 0.9;
    private List<ParamGroup.LrRule> lrRules = List.of();
    private double clip = 1.0;
    private String metric = "loss";
    private EarlyStopping.Mode metricMode = EarlyStopping.Mode.MIN;
    private int patience;
    private double minDelta;
    private long evalEvery;
    private long saveEvery;
    private int keepLast = 2;
    private long seed = 42;
    private Path resume;
    private int logEvery = 50;
    private int lossWindow = 500;
    private boolean plots = true;
    private boolean overwrite;
    private boolean allowChanges;
    private String dataFingerprint;

    private Builder(Path output) {
      this.output = output;
    }

    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    public Builder maxSteps(long v) {
      maxSteps = v;
      return this;
    }

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder gradAccum(int v) {
      gradAccum = v;
      return this;
    }

    public Builder lr(double v) {
      lr = v;
      return this;
    }

    public Builder initLr(double v) {
      initLr = v;
      return this;
    }

    public Builder finalLr(double v) {
      finalLr = v;
      return this;
    }

    public Builder warmup(Warmup v) {
      warmup = v;
      return this;
    }

    public Builder schedule(LrSchedule.Kind v) {
      schedule = v;
      return this;
    }

    public Builder optimizer(OptimizerKind v) {
      optimizer = v;
      return this;
    }

    public Builder weightDecay(double v) {
      weightDecay = v;
      return this;
    }

    public Builder momentum(double v) {
      momentum = v;
      return this;
    }

    public Builder lrRules(List<ParamGroup.LrRule> v) {
      lrRules = v;
      return this;
    }

    public Builder clip(double v) {
      clip = v;
      return this;
    }

    public Builder metric(String name, EarlyStopping.Mode mode) {
      metric = name;
      metricMode = mode;
      return this;
    }

    public Builder patience(int v) {
      patience = v;
      return this;
    }

    public Builder minDelta(double v) {
      minDelta = v;
      return this;
    }

    public Builder evalEvery(long v) {
      evalEvery = v;
      return this;
    }

    public Builder saveEvery(long v) {
      saveEvery = v;
      return this;
    }

    public Builder keepLast(int v) {
      keepLast = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder resume(Path v) {
      resume = v;
      return this;
    }

    public Builder logEvery(int v) {
      logEvery = v;
      return this;
    }

    public Builder lossWindow(int v) {
      lossWindow = v;
      return this;
    }

    public Builder plots(boolean v) {
      plots = v;
      return this;
    }

    public Builder overwrite(boolean v) {
      overwrite = v;
      return this;
    }

    public Builder allowChanges(boolean v) {
      allowChanges = v;
      return this;
    }

    public Builder dataFingerprint(String v) {
      dataFingerprint = v;
      return this;
    }

    public TrainerConfig build() {
      return new TrainerConfig(
          epochs,
          maxSteps,
          batchSize,
          gradAccum,
          lr,
          initLr,
          finalLr,
          warmup,
          schedule,
          optimizer,
          weightDecay,
          momentum,
          lrRules,
          clip,
          metric,
          metricMode,
          patience,
          minDelta,
          evalEvery,
          saveEvery,
          keepLast,
          seed,
          output,
          resume,
          logEvery,
          lossWindow,
          plots,
          overwrite,
          allowChanges,
          dataFingerprint);
    }
  }
}
