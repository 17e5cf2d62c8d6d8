package org.transfer4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.nn.Module;
import org.transfer4j.nn.Scalars;

/**
 * The training loop, independent of model and loss: the task gives a {@link StepFunction} (batch to
 * loss), batch sources and optionally an {@link Evaluation}; the trainer does backward, gradient
 * accumulation (weighted by {@link StepResult#count()}), global-norm clipping, the optimizer and
 * schedule, evaluation with early stopping, best/periodic/final checkpoints, exact resume, and logs
 * (progress bar, JSONL, TensorBoard, PNG plots). Every step runs in its own {@link NDManager}, so
 * native memory stays flat over long runs.
 *
 * <pre>{@code
 * TrainerConfig config = TrainerConfig.builder(Path.of("runs/mlp")).epochs(3).lr(1e-3).build();
 * try (Trainer<int[]> trainer = Trainer.builder(model, step, trainBatches, config)
 *         .validation(validBatches, () -> new AccuracyEvaluation())
 *         .saver(new ModuleSaver(model))
 *         .build()) {
 *   Trainer.Result result = trainer.fit(); // resumes when config.resume() is set
 * }
 * }</pre>
 *
 * <p>Output directory: {@code checkpoint-<step>/} (every {@code saveEvery} steps, newest {@code
 * keepLast} kept), {@code best/}, {@code final/}, {@code metrics.jsonl}, {@code tensorboard/},
 * {@code plots/}.
 *
 * @param <B> the batch type
 */
public final class Trainer<B> implements AutoCloseable {
  /** One optimizer update. */
  public record StepLog(long step, int epoch, double loss, double lr, double gradNorm) {}

  /** One evaluation; {@code epoch} is fractional when evaluating every N steps. */
  public record EvalLog(long step, double epoch, Map<String, Double> metrics) {}

  /**
   * What a run did: the steps it ran (from the resume point on), evaluations, whether it stopped
   * early, the best metric and where the best and final models are.
   */
  public record Result(
      long steps,
      List<StepLog> history,
      List<EvalLog> evaluations,
      boolean stoppedEarly,
      double bestMetric,
      long bestStep,
      Path best,
      Path finalModel) {}

  private final TrainerConfig config;
  private final Module model;
  private final StepFunction<B> step;
  private final BatchSource<B> train;
  private final BatchSource<B> validation;
  private final Supplier<Evaluation<B>> evaluation;
  private final ModelSaver saver;
  private final Optimizer optimizer;
  private final ProgressBar bar;
  private final ResumableRandom random;
  private final EarlyStopping early;
  private final NDManager base;
  private final List<String> fingerprint;
  private final List<StepLog> history = new ArrayList<>();
  private final List<EvalLog> evaluations = new ArrayList<>();
  private final Map<String, Double> lastScalars = new LinkedHashMap<>();
  private long seed;
  private long globalStep;
  private int epoch;
  private int position;
  private Path lastCheckpoint;
  private TrainingLogs logs;
  private Map<String, String> runValues = Map.of();
  private long plannedTotal = -1;

  Trainer(TrainerBuilder<B> b) {
    this.config = b.config;
    this.model = b.model;
    this.step = b.step;
    this.train = b.train;
    this.validation = b.validation;
    this.evaluation = b.evaluation;
    this.saver = b.saver != null ? b.saver : new ModuleSaver(b.model);
    this.optimizer =
        b.optimizer != null ? b.optimizer : config.newOptimizer(b.model.namedParameters());
    this.bar =
        new ProgressBar(b.err, b.interactive, config.lossWindow(), Math.max(1, config.logEvery()));
    this.seed = config.seed();
    this.random = new ResumableRandom(config.seed());
    this.early =
        new EarlyStopping(
            config.metric(), config.metricMode(), config.patience(), config.minDelta());
    this.base = model.manager().newSubManager();
    this.fingerprint = Checkpoints.fingerprint(model);
  }

  /** Starts building a trainer for a model, its step function and training batches. */
  public static <B> TrainerBuilder<B> builder(
      Module model, StepFunction<B> step, BatchSource<B> train, TrainerConfig config) {
    return new TrainerBuilder<>(model, step, train, config);
  }

  /**
   * The task's random generator (masking, sampling), saved in checkpoints and restored on resume.
   */
  public ResumableRandom random() {
    return random;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  /** Optimizer updates done so far. */
  public long step() {
    return globalStep;
  }

  /**
   * Restores model, optimizer, step, data position, early-stopping state and random state from a
   * checkpoint directory; fails before touching anything when the checkpoint is of another model.
   */
  public void resume(Path dir) throws IOException {
    TrainerState s = Checkpoints.readState(dir);
    Checkpoints.requireComplete(dir);
    Checkpoints.checkFingerprint(dir, s, fingerprint);
    if (!s.optimizer().equals(optimizer.kind())) {
      throw new BadInputException(
          "cannot resume from "
              + dir
              + ": it was trained with --optimizer "
              + s.optimizer()
              + " but this run uses "
              + optimizer.kind());
    }
    if (plannedTotal >= 0) {
      checkResumable(dir, s, plannedTotal);
    }
    saver.load(dir);
    Checkpoints.loadOptimizer(dir, optimizer);
    seed = s.seed(); // the data order and dropout of the interrupted run
    globalStep = s.step();
    epoch = s.epoch();
    position = s.position();
    random.setState(s.randomState());
    early.restore(s.bestMetric(), s.bestStep(), s.badEvaluations());
    lastCheckpoint = dir;
  }

  /**
   * What must not change when this run is resumed: a different batch size, accumulation, seed,
   * length or data would continue another run from the middle of this one, silently.
   */
  private Map<String, String> runValues(int perEpoch, long total) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("batch_size", Integer.toString(config.batchSize()));
    v.put("grad_accum", Integer.toString(config.gradAccum()));
    v.put("seed", Long.toString(config.seed()));
    v.put("total_steps", Long.toString(total));
    v.put("batches_per_epoch", Integer.toString(perEpoch));
    if (config.dataFingerprint() != null) {
      v.put("data", config.dataFingerprint());
    }
    return v;
  }

  /** Refuses a resume that changes the run (unless allowed) or starts beyond its end. */
  private void checkResumable(Path dir, TrainerState s, long total) {
    List<String> changes = s.changes(runValues);
    if (!changes.isEmpty() && !config.allowChanges()) {
      throw new BadInputException(
          "cannot resume from "
              + dir
              + ": this run differs from the checkpoint's ("
              + String.join("; ", changes)
              + "); resume with the same options and data, or give --allow-changes");
    }
    if (s.step() > total) {
      throw new BadInputException(
          "cannot resume from "
              + dir
              + ": it is at step "
              + s.step()
              + " but this run has only "
              + total
              + " steps; raise --max-steps or --epochs, or resume from an earlier checkpoint");
    }
  }

  /** Trains until the epochs or steps are done or early stopping triggers. */
  public Result fit() throws IOException {
    Checkpoints.requireWritable(config.output());
    try (RunFolder lock = RunFolder.lock(config.output())) {
      return fitLocked();
    }
  }

  private Result fitLocked() throws IOException {
    int perEpoch = train.batchesPerEpoch();
    long total = config.totalSteps(perEpoch);
    runValues = runValues(perEpoch, total);
    boolean resumed = config.resume() != null;
    if (resumed) {
      plannedTotal = total;
      resume(config.resume());
    }
    long updatesPerEpoch = (perEpoch + config.gradAccum() - 1) / config.gradAccum();
    LrSchedule schedule = config.lrSchedule(total);
    int epochs =
        config.epochs() > 0
            ? config.epochs()
            : (int) ((total + updatesPerEpoch - 1) / updatesPerEpoch);
    boolean stoppedEarly = false;
    boolean evaluatedAtEnd = false;
    logs = TrainingLogs.open(config.output(), bar, resumed ? globalStep : -1);
    try {
      long startStep = globalStep;
      long startTime = System.nanoTime();
      outer:
      while (globalStep < total && (config.epochs() == 0 || epoch < config.epochs())) {
        model.train(true);
        Iterator<B> it = train.batches(seed, epoch, position);
        while (it.hasNext() && globalStep < total) {
          StepLog log = trainStep(it, schedule);
          evaluatedAtEnd = false;
          double perSecond = (globalStep - startStep) / ((System.nanoTime() - startTime) / 1e9);
          long epochUpdates = (position + config.gradAccum() - 1) / config.gradAccum();
          bar.show(
              epoch,
              epochs,
              epochUpdates,
              updatesPerEpoch,
              globalStep,
              log.lr(),
              perSecond,
              total - globalStep);
          if (globalStep % config.logEvery() == 0) {
            logTrain(log, perSecond);
          }
          if (config.evalEvery() > 0 && globalStep % config.evalEvery() == 0) {
            evaluatedAtEnd = true;
            if (evaluateAndTrack(updatesPerEpoch)) {
              stoppedEarly = true;
              break outer;
            }
            model.train(true);
          }
          if (config.saveEvery() > 0 && globalStep % config.saveEvery() == 0) {
            lastCheckpoint = config.output().resolve(Checkpoints.PREFIX + globalStep);
            Checkpoints.save(lastCheckpoint, state(), saver, optimizer);
            Checkpoints.keepLast(config.output(), config.keepLast());
          }
        }
        if (it.hasNext()) {
          break; // the step budget ended inside the epoch
        }
        epoch++;
        position = 0;
        if (config.evalEvery() == 0) {
          evaluatedAtEnd = true;
          if (evaluateAndTrack(updatesPerEpoch)) {
            stoppedEarly = true;
            break;
          }
        }
      }
      if (!evaluatedAtEnd && !stoppedEarly && validation != null && !history.isEmpty()) {
        stoppedEarly = evaluateAndTrack(updatesPerEpoch);
      }
      return finish(stoppedEarly);
    } finally {
      logs.close();
    }
  }

  private Result finish(boolean stoppedEarly) throws IOException {
    Path best = config.output().resolve("best");
    boolean haveBest = validation != null && early.bestStep() >= 0 && Files.isDirectory(best);
    if (haveBest) {
      saver.load(best);
      bar.message(
          String.format(
              Locale.ROOT,
              "restored the best model: %s %.6g at step %d",
              early.metric(),
              early.best(),
              early.bestStep()));
    }
    Path finalDir = config.output().resolve("final");
    Checkpoints.save(finalDir, state(), saver, optimizer);
    if (config.plots()) {
      TrainingPlots.write(config.output().resolve("plots"), history, evaluations);
    }
    return new Result(
        globalStep,
        List.copyOf(history),
        List.copyOf(evaluations),
        stoppedEarly,
        early.best(),
        early.bestStep(),
        haveBest ? best : null,
        finalDir);
  }

  /** One optimizer update over up to {@code gradAccum} micro-batches. */
  private StepLog trainStep(Iterator<B> it, LrSchedule schedule) throws IOException {
    try (NDManager scratch = base.newSubManager()) {
      // Dropout masks depend only on (seed, step), so a resumed run draws the same ones.
      Bootstrap.seed(seed * 1_000_003L + globalStep);
      double lossSum = 0;
      long count = 0;
      Map<String, Double> scalarSums = new LinkedHashMap<>();
      try (GradientCollector gc = Bootstrap.engine().newGradientCollector()) {
        for (int i = 0; i < config.gradAccum() && it.hasNext(); i++) {
          B batch = it.next();
          position++;
          StepResult r = step.apply(batch, scratch);
          double loss = EvalLoop.scalar(r.loss());
          if (!Double.isFinite(loss)) {
            throw diverged("the loss is " + loss, i);
          }
          // Sum of count-weighted means; divided by the total count below, this is exactly the
          // mean over all micro-batches, i.e. the gradient of one large batch.
          gc.backward(Scalars.mul(r.loss(), r.count()));
          lossSum += loss * r.count();
          count += r.count();
          for (Map.Entry<String, Double> e : r.scalars().entrySet()) {
            scalarSums.merge(e.getKey(), e.getValue() * r.count(), Double::sum);
          }
        }
      }
      // The mean over all micro-batches: the gradient of one large batch.
      Map<String, NDArray> grads = GradientClipping.gradients(model, scratch, 1.0 / count);
      double norm = GradientClipping.clipGlobalNorm(grads.values(), config.clip(), scratch);
      if (!Double.isFinite(norm)) {
        throw diverged("the gradient norm is " + norm, -1);
      }
      double lr = schedule.lr(globalStep);
      optimizer.step(grads, lr, scratch);
      for (NDArray g : grads.values()) {
        g.subi(g); // zero in place: PyTorch accumulates into .grad across backward calls
      }
      double loss = lossSum / count;
      StepLog log = new StepLog(globalStep, epoch, loss, lr, norm);
      globalStep++;
      history.add(log);
      bar.add(loss);
      for (Map.Entry<String, Double> e : scalarSums.entrySet()) {
        lastScalars.put(e.getKey(), e.getValue() / count);
      }
      return log;
    }
  }

  private NonFiniteLossException diverged(String what, int microBatch) {
    return NonFiniteLossException.at(
        what, globalStep, epoch, microBatch, lastCheckpoint, config.lr(), config.clip());
  }

  private void logTrain(StepLog log, double perSecond) throws IOException {
    int n = Math.min(config.logEvery(), history.size());
    double mean = 0;
    for (int i = history.size() - n; i < history.size(); i++) {
      mean += history.get(i).loss() / n;
    }
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("loss", mean);
    values.put("learning_rate", log.lr());
    values.put("grad_norm", log.gradNorm());
    values.put("steps_per_s", perSecond);
    values.putAll(lastScalars);
    logs.train(globalStep, log.epoch(), values);
  }

  /** Evaluates, logs, tracks the best checkpoint; returns whether to stop early. */
  private boolean evaluateAndTrack(long updatesPerEpoch) throws IOException {
    if (validation == null) {
      return false;
    }
    Map<String, Double> metrics = evaluate(validation, evaluation);
    double epochs = globalStep / (double) Math.max(1, updatesPerEpoch);
    evaluations.add(new EvalLog(globalStep, epochs, metrics));
    logs.eval(globalStep, epoch, metrics);
    Double value = metrics.get(config.metric());
    if (value == null) {
      throw new BadInputException(
          "--metric "
              + config.metric()
              + " is not a validation metric; choose one of "
              + metrics.keySet());
    }
    if (early.update(value, globalStep) == EarlyStopping.Verdict.IMPROVED) {
      lastCheckpoint = config.output().resolve("best");
      Checkpoints.save(lastCheckpoint, state(), saver, optimizer);
    }
    if (early.shouldStop()) {
      bar.message(
          String.format(
              Locale.ROOT,
              "early stopping: %s has not improved for %d evaluations (best %.6g at step %d)",
              config.metric(),
              early.badEvaluations(),
              early.best(),
              early.bestStep()));
      return true;
    }
    return false;
  }

  /**
   * Runs the step function over a source in evaluation mode (dropout off, no gradients) and returns
   * {@code loss} (the count-weighted mean) plus the evaluation's metrics.
   */
  public Map<String, Double> evaluate(BatchSource<B> source, Supplier<Evaluation<B>> factory) {
    return EvalLoop.evaluate(model, step, base, seed, source, factory);
  }

  /**
   * Applies {@code predict} to every batch of a source in evaluation mode; results must be Java
   * values (arrays, records), since each batch's tensors are freed afterwards.
   */
  public <R> List<R> predict(BatchSource<B> source, BiFunction<B, NDManager, R> predict) {
    return EvalLoop.predict(model, base, seed, source, predict);
  }

  private TrainerState state() {
    return new TrainerState(
        globalStep,
        epoch,
        position,
        seed,
        random.state(),
        config.metric(),
        early.best(),
        early.bestStep(),
        early.badEvaluations(),
        optimizer.kind(),
        fingerprint,
        runValues);
  }

  @Override
  public void close() {
    optimizer.close();
    base.close();
  }
}
