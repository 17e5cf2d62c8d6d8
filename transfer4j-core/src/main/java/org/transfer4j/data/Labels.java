package org.transfer4j.data;

/** Label conventions shared with the models and losses. */
public final class Labels {
  private Labels() {}

  /**
   * The label that losses skip, as PyTorch's {@code CrossEntropyLoss(ignore_index=-100)}: padding,
   * special tokens, continuation sub-tokens and unmasked tokens carry it.
   */
  public static final int IGNORE = -100;
}
