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
}
