package org.transfer4j.model;

/**
 * How to load weights.
 *
 * @param ignoreMismatchedSizes when a checkpoint tensor's shape differs from the model's (a
 *     classifier with another number of labels), keep the freshly initialised parameter and report
 *     it instead of failing, like Hugging Face's {@code ignore_mismatched_sizes=True}
 */
public record LoadOptions(boolean ignoreMismatchedSizes) {
  /** Shape mismatches are errors. */
  public static final LoadOptions DEFAULTS = new LoadOptions(false);

  /** Shape mismatches are re-initialised and reported. */
  public static final LoadOptions IGNORE_MISMATCHED_SIZES = new LoadOptions(true);
}
