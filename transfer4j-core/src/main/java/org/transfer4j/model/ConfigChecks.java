package org.transfer4j.model;

import org.transfer4j.BadInputException;

/**
 * The range checks that config records ({@code BertConfig}, {@code DistilBertConfig}, {@code
 * Gpt2Config}) run in their compact constructors; each message names the Hugging Face key.
 *
 * <pre>{@code
 * ConfigChecks.positive("hidden_size", hiddenSize);
 * ConfigChecks.probability("hidden_dropout_prob", hiddenDropoutProb);
 * }</pre>
 */
public final class ConfigChecks {
  private ConfigChecks() {}

  /** A size that must be at least 1. */
  public static void positive(String key, int v) {
    if (v <= 0) {
      throw new BadInputException(key + " must be positive, got " + v);
    }
  }

  /** A float that must be above 0 (NaN fails). */
  public static void positive(String key, float v) {
    if (!(v > 0)) {
      throw new BadInputException(key + " must be positive, got " + v);
    }
  }

  /** A dropout probability in [0, 1) (NaN fails). */
  public static void probability(String key, float p) {
    if (!(p >= 0f && p < 1f)) {
      throw new BadInputException(key + " must be in [0, 1), got " + p);
    }
  }
}
