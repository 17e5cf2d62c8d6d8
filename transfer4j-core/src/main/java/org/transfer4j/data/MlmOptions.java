package org.transfer4j.data;

/**
 * Masked-LM rates (Devlin et al., 2019, section 3.1): select {@code maskProbability} of the
 * maskable tokens; of those, {@code maskTokenRate} become {@code [MASK]}, {@code randomTokenRate} a
 * random non-special token, the rest stay unchanged (but are still predicted).
 *
 * <pre>{@code
 * MlmOptions bert = MlmOptions.defaults();                       // 0.15, 0.8, 0.1, Bernoulli
 * MlmOptions exact = new MlmOptions(0.15, 0.8, 0.1, true);       // exactly round(15%) per row
 * }</pre>
 *
 * @param maskProbability share of maskable tokens selected for prediction
 * @param maskTokenRate share of the selected tokens replaced by {@code [MASK]}
 * @param randomTokenRate share of the selected tokens replaced by a random token
 * @param exactCount {@code false}: each token is selected independently with {@code
 *     maskProbability} (Bernoulli, as Hugging Face {@code DataCollatorForLanguageModeling}); {@code
 *     true}: exactly {@code round(maskProbability * maskable)} tokens per row, at least one when
 *     the row has a maskable token
 */
public record MlmOptions(
    double maskProbability, double maskTokenRate, double randomTokenRate, boolean exactCount) {
  public MlmOptions {
    check("maskProbability", maskProbability);
    check("maskTokenRate", maskTokenRate);
    check("randomTokenRate", randomTokenRate);
    if (maskTokenRate + randomTokenRate > 1.0 + 1e-12) {
      throw new IllegalArgumentException(
          "maskTokenRate + randomTokenRate must be at most 1, got "
              + maskTokenRate
              + " + "
              + randomTokenRate);
    }
  }

  /** BERT's rates: 15% selected, 80% [MASK], 10% random, 10% kept; Bernoulli selection. */
  public static MlmOptions defaults() {
    return new MlmOptions(0.15, 0.8, 0.1, false);
  }

  private static void check(String name, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
    }
  }
}
