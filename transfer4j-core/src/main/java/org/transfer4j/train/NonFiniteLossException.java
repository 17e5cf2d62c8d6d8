package org.transfer4j.train;

import org.transfer4j.BadInputException;

/**
 * Training diverged: a loss or the gradient norm became NaN or infinite. The run stops without
 * saving anything from the bad step; checkpoints already written stay as they were. Usually fixed
 * by a lower learning rate, gradient clipping, or removing broken examples, so it is a user-fixable
 * error (exit 2).
 */
public final class NonFiniteLossException extends BadInputException {
  private static final long serialVersionUID = 1L;
  private final long step;

  public NonFiniteLossException(String message, long step) {
    super(message);
    this.step = step;
  }

  /** The optimizer step (0-based) at which the value was not finite. */
  public long step() {
    return step;
  }

  /**
   * The message for a value that is not finite while computing update {@code step} (0-based; the
   * logs and checkpoint names count updates done, so it is reported as {@code step + 1}), naming
   * the last checkpoint saved (all of them have finite losses: the run stops at the first bad one)
   * and suggesting only what is not already in effect.
   */
  static NonFiniteLossException at(
      String what,
      long step,
      int epoch,
      int microBatch,
      java.nio.file.Path lastCheckpoint,
      double lr,
      double clip) {
    String where =
        "step "
            + (step + 1)
            + " (epoch "
            + (epoch + 1)
            + (microBatch >= 0 ? ", micro-batch " + (microBatch + 1) : "")
            + ")";
    String keep =
        lastCheckpoint != null
            ? "the last checkpoint, with a finite loss, is "
                + lastCheckpoint
                + " (continue with --resume "
                + lastCheckpoint
                + ")"
            : "no checkpoint was written yet";
    String hint = "lower --lr (now " + lr + ")";
    if (clip <= 0) {
      hint += ", set --clip 1.0";
    }
    return new NonFiniteLossException(
        "training diverged: "
            + what
            + " at "
            + where
            + "; stopped without saving, "
            + keep
            + ". Try: "
            + hint
            + ", or check the data for broken examples",
        step);
  }
}
