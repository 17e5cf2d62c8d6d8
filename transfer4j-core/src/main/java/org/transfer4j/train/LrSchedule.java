package org.transfer4j.train;

/**
 * The learning rate as a function of the optimizer step (0 for the first update). Pure functions of
 * the step, so resuming at step k continues with exactly the rates an uninterrupted run uses.
 *
 * <pre>{@code
 * LrSchedule s = LrSchedule.linear(0.0, 5e-5, 0.0, 100, 1000); // warm up 100 steps, decay to 0
 * double lr = s.lr(step);
 * }</pre>
 */
public sealed interface LrSchedule
    permits LrSchedule.Linear, LrSchedule.Constant, LrSchedule.Cosine {

  /** The learning rate for the update with this 0-based index. */
  double lr(long step);

  /** Which shape; the CLI's {@code --schedule}. */
  enum Kind {
    LINEAR,
    CONSTANT,
    COSINE
  }

  /** Builds a schedule of a kind: warm up from {@code init} to {@code peak}, then decay. */
  static LrSchedule of(
      Kind kind, double init, double peak, double finalLr, long warmup, long total) {
    return switch (kind) {
      case LINEAR -> new Linear(init, peak, finalLr, warmup, total);
      case CONSTANT -> new Constant(init, peak, warmup);
      case COSINE -> new Cosine(init, peak, finalLr, warmup, total);
    };
  }

  static Linear linear(double init, double peak, double finalLr, long warmup, long total) {
    return new Linear(init, peak, finalLr, warmup, total);
  }

  private static double warm(double init, double peak, long warmup, long step) {
    return init + (peak - init) * step / (double) warmup;
  }

  private static void check(double init, double peak, double finalLr, long warmup, long total) {
    if (!(init >= 0) || !(peak > 0) || !(finalLr >= 0)) {
      throw new IllegalArgumentException(
          "learning rates must be finite, peak > 0 and init, final >= 0; got init="
              + init
              + " peak="
              + peak
              + " final="
              + finalLr);
    }
    if (warmup < 0 || total < 1 || warmup > total) {
      throw new IllegalArgumentException(
          "need 0 <= warmup <= total and total >= 1; got warmup=" + warmup + " total=" + total);
    }
  }

  /**
   * Linear warmup from {@code init} to {@code peak} over {@code warmup} steps, then linear decay to
   * {@code finalLr} at step {@code total} (and {@code finalLr} after it), as in BERT (Devlin et al.
   * 2019) and the project's seed script.
   */
  record Linear(double init, double peak, double finalLr, long warmup, long total)
      implements LrSchedule {
    public Linear {
      check(init, peak, finalLr, warmup, total);
    }

    @Override
    public double lr(long step) {
      if (step < warmup) {
        return warm(init, peak, warmup, step);
      }
      if (step >= total) {
        return finalLr;
      }
      return peak - (peak - finalLr) * (step - warmup) / (double) (total - warmup);
    }
  }

  /** Linear warmup from {@code init} to {@code peak}, then constant {@code peak}. */
  record Constant(double init, double peak, long warmup) implements LrSchedule {
    public Constant {
      check(init, peak, 0, warmup, Math.max(1, warmup));
    }

    @Override
    public double lr(long step) {
      return step < warmup ? warm(init, peak, warmup, step) : peak;
    }
  }

  /**
   * Linear warmup, then half a cosine from {@code peak} down to {@code finalLr} at {@code total}
   * (SGDR, Loshchilov and Hutter 2017, without restarts).
   */
  record Cosine(double init, double peak, double finalLr, long warmup, long total)
      implements LrSchedule {
    public Cosine {
      check(init, peak, finalLr, warmup, total);
    }

    @Override
    public double lr(long step) {
      if (step < warmup) {
        return warm(init, peak, warmup, step);
      }
      if (step >= total) {
        return finalLr;
      }
      double progress = (step - warmup) / (double) (total - warmup);
      return finalLr + (peak - finalLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
  }
}
