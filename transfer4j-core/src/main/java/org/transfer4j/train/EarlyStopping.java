package org.transfer4j.train;

/**
 * Stops training when a validation metric has not improved by more than {@code minDelta} for {@code
 * patience} evaluations in a row (patience 0 never stops). Tracks the best value so the trainer can
 * keep and restore the best checkpoint.
 *
 * <pre>{@code
 * EarlyStopping es = new EarlyStopping("accuracy", EarlyStopping.Mode.MAX, 3, 1e-4);
 * if (es.update(metrics.get("accuracy")) == EarlyStopping.Verdict.IMPROVED) saveBest();
 * if (es.shouldStop()) break;
 * }</pre>
 */
public final class EarlyStopping {
  /** Whether smaller ({@code MIN}, losses) or larger ({@code MAX}, accuracy) is better. */
  public enum Mode {
    MIN,
    MAX
  }

  /** The outcome of one evaluation. */
  public enum Verdict {
    IMPROVED,
    NOT_IMPROVED
  }

  private final String metric;
  private final Mode mode;
  private final int patience;
  private final double minDelta;
  private double best = Double.NaN;
  private long bestStep = -1;
  private int badEvaluations;

  public EarlyStopping(String metric, Mode mode, int patience, double minDelta) {
    if (patience < 0 || !(minDelta >= 0)) {
      throw new IllegalArgumentException(
          "patience must be >= 0 and min delta >= 0; got " + patience + ", " + minDelta);
    }
    this.metric = metric;
    this.mode = mode;
    this.patience = patience;
    this.minDelta = minDelta;
  }

  public String metric() {
    return metric;
  }

  public Mode mode() {
    return mode;
  }

  /** Records an evaluation's value of the metric at a step. */
  public Verdict update(double value, long step) {
    boolean improved =
        Double.isNaN(best)
            || (mode == Mode.MIN ? value < best - minDelta : value > best + minDelta);
    if (improved && !Double.isNaN(value)) {
      best = value;
      bestStep = step;
      badEvaluations = 0;
      return Verdict.IMPROVED;
    }
    badEvaluations++;
    return Verdict.NOT_IMPROVED;
  }

  public boolean shouldStop() {
    return patience > 0 && badEvaluations >= patience;
  }

  /** The best value so far, NaN before the first evaluation. */
  public double best() {
    return best;
  }

  public long bestStep() {
    return bestStep;
  }

  public int badEvaluations() {
    return badEvaluations;
  }

  /** Restores the state saved in a checkpoint. */
  public void restore(double best, long bestStep, int badEvaluations) {
    this.best = best;
    this.bestStep = bestStep;
    this.badEvaluations = badEvaluations;
  }
}
