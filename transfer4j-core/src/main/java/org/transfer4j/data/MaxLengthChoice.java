package org.transfer4j.data;

/**
 * The outcome of {@code --max-length auto}.
 *
 * @param maxLength the chosen maximum sequence length, specials included
 * @param percentileLength the token length at the percentile (no specials)
 * @param percentile the percentile used, e.g. 0.95
 * @param multiple the rounding multiple
 * @param cap the cap ({@code max_position_embeddings})
 * @param histogram the text histogram of token lengths
 */
public record MaxLengthChoice(
    int maxLength,
    int percentileLength,
    double percentile,
    int multiple,
    int cap,
    String histogram) {

  /** A human-readable report: the histogram and why this length was chosen. */
  public String report() {
    return "token lengths per line:\n"
        + histogram
        + String.format(
            "max length: %d (%.0fth percentile %d tokens + %d specials, rounded up to a multiple"
                + " of %d, capped at %d)%n",
            maxLength,
            percentile * 100,
            percentileLength,
            LengthRules.PAIR_SPECIALS,
            multiple,
            cap);
  }
}
