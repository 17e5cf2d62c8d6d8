package org.transfer4j.data;

/**
 * The pretraining length rules.
 *
 * <p>Minimum length: an example with no masked token teaches nothing, so keep only examples where
 * at least one token is masked with probability {@code >= target}. With independent selection at
 * rate p, {@code P(at least one) = 1 - (1-p)^n}, so the minimum is the smallest n with {@code 1 -
 * (1-p)^n >= target}: n = 5 for p = 0.15 and target 0.5.
 *
 * <p>Maximum length ({@code --max-length auto}): a high percentile of the token-length distribution
 * plus the three specials, rounded up to a multiple of 8 (tensor-core friendly), capped by the
 * model's {@code max_position_embeddings}; longer examples are cut to a random window.
 *
 * <pre>{@code
 * int min = LengthRules.minLength(0.15, 0.5);                              // 5
 * MaxLengthChoice c = LengthRules.autoMaxLength(cache.lengthHistogram(), 0.95, 8, 512);
 * System.out.print(c.report());
 * }</pre>
 */
public final class LengthRules {
  private LengthRules() {}

  /** Special tokens around a pretraining pair: {@code [CLS] A [SEP] B [SEP]}. */
  public static final int PAIR_SPECIALS = 3;

  /** The smallest n with {@code 1 - (1 - maskProbability)^n >= target}. */
  public static int minLength(double maskProbability, double target) {
    if (!(maskProbability > 0 && maskProbability <= 1)) {
      throw new IllegalArgumentException(
          "mask probability must be in (0, 1], got " + maskProbability);
    }
    if (!(target > 0 && target < 1)) {
      throw new IllegalArgumentException("target probability must be in (0, 1), got " + target);
    }
    double q = 1 - maskProbability;
    int n = 1;
    double pNone = q;
    while (1 - pNone < target - 1e-12) {
      n++;
      pNone *= q;
    }
    return n;
  }

  /**
   * Chooses the maximum sequence length (specials included) from the distribution of token lengths.
   *
   * @param lengths token lengths of the examples, without specials
   * @param percentile e.g. 0.95
   * @param multiple round up to a multiple of this (e.g. 8)
   * @param cap the model's {@code max_position_embeddings}
   */
  public static MaxLengthChoice autoMaxLength(
      LengthHistogram lengths, double percentile, int multiple, int cap) {
    if (multiple < 1) {
      throw new IllegalArgumentException("multiple must be >= 1, got " + multiple);
    }
    if (cap < PAIR_SPECIALS + 2) {
      throw new IllegalArgumentException(
          "max_position_embeddings " + cap + " is too small for [CLS] A [SEP] B [SEP]");
    }
    if (lengths.total() == 0) {
      throw new org.transfer4j.BadInputException(
          "--max-length auto: the corpus has no examples to measure; pass --max-length N");
    }
    int p = lengths.percentile(percentile);
    int rounded = ((p + PAIR_SPECIALS + multiple - 1) / multiple) * multiple;
    int chosen = Math.min(rounded, cap);
    return new MaxLengthChoice(chosen, p, percentile, multiple, cap, lengths.render(12, 40));
  }

  /**
   * Resolves a {@code --max-length} option: {@code "auto"} chooses from the length distribution
   * (95th percentile, multiple of 8, capped at {@code cap}); a number is used as given (at least 5,
   * at most {@code cap}).
   */
  public static MaxLengthChoice resolveMaxLength(String option, LengthHistogram lengths, int cap) {
    if (option == null || option.isBlank() || option.strip().equalsIgnoreCase("auto")) {
      return autoMaxLength(lengths, 0.95, 8, cap);
    }
    int n;
    try {
      n = Integer.parseInt(option.strip());
    } catch (NumberFormatException e) {
      throw new org.transfer4j.BadInputException(
          "--max-length '" + option + "' is not a number; give a token count or 'auto'");
    }
    if (n < PAIR_SPECIALS + 2 || n > cap) {
      throw new org.transfer4j.BadInputException(
          "--max-length "
              + n
              + " is outside [5, "
              + cap
              + "] (5 fits [CLS] A [SEP] B [SEP]; the model has "
              + cap
              + " positions)");
    }
    return new MaxLengthChoice(n, n - PAIR_SPECIALS, 1.0, 1, cap, lengths.render(12, 40));
  }
}
