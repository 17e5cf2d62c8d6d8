package org.transfer4j.train;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.Supplier;
import org.transfer4j.nn.Module;

/**
 * Optional parts of a {@link Trainer}: validation data and metrics, the model saver, an optimizer
 * other than the config's, where progress goes.
 *
 * <pre>{@code
 * Trainer<Batch> t = Trainer.builder(model, step, trainBatches, config)
 *     .validation(validBatches, MyMetrics::new).saver(new ModuleSaver(model)).build();
 * }</pre>
 */
public final class TrainerBuilder<B> {

  final Module model;
  final StepFunction<B> step;
  final BatchSource<B> train;
  final TrainerConfig config;
  BatchSource<B> validation;
  Supplier<Evaluation<B>> evaluation;
  ModelSaver saver;
  Optimizer optimizer;
  PrintStream err = System.err;
  boolean interactive = ProgressBar.stderrIsTerminal();

  TrainerBuilder(Module model, StepFunction<B> step, BatchSource<B> train, TrainerConfig c) {
    this.model = Objects.requireNonNull(model, "model");
    this.step = Objects.requireNonNull(step, "step function");
    this.train = Objects.requireNonNull(train, "training batches");
    this.config = Objects.requireNonNull(c, "config");
  }

  /** Validation batches and task metrics (may be null: loss only). */
  public TrainerBuilder<B> validation(BatchSource<B> source, Supplier<Evaluation<B>> metrics) {
    this.validation = source;
    this.evaluation = metrics;
    return this;
  }

  /** How checkpoints store the model (default {@link ModuleSaver}). */
  public TrainerBuilder<B> saver(ModelSaver s) {
    this.saver = s;
    return this;
  }

  /** An optimizer instead of the one the config describes. */
  public TrainerBuilder<B> optimizer(Optimizer o) {
    this.optimizer = o;
    return this;
  }

  /** Where the progress goes, and whether to redraw one line (terminal) or print lines. */
  public TrainerBuilder<B> progress(PrintStream stream, boolean redraw) {
    this.err = stream;
    this.interactive = redraw;
    return this;
  }

  public Trainer<B> build() {
    return new Trainer<>(this);
  }
}
