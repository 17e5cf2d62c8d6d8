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

  /** The message for a value that is not finite at a step, naming the last good checkpoint. */
  static NonFiniteLossException at(
      String what, long step, int epoch, int microBatch, java.nio.file.Path lastCheckpoint) {
    String where =
        "step "
            + step
            + " (epoch "
            + (epoch + 1)
            + (microBatch >= 0 ? ", micro-batch " + (microBatch + 1) : "")
            + ")";
    String keep =
        lastCheckpoint != null
            ? "the last good checkpoint is "
                + lastCheckpoint
                + " (resume with --resume "
                + lastCheckpoint
                + ")"
            : "no checkpoint was written yet";
    return new NonFiniteLossException(
        "training diverged: "
            + what
            + " at "
            + where
            + "; stopped without saving, "
            + keep
            + ". Lower --lr, set --clip (e.g. 1.0), or check the data for broken examples",
        step);
  }
}
