package org.transfer4j.tokenize;

/**
 * How to cut encodings longer than {@code maxLength} (special tokens included).
 *
 * <pre>{@code
 * tokenizer.withTruncation(Truncation.longestFirst(128));
 * new Truncation(384, 128, Truncation.Strategy.ONLY_SECOND, Truncation.Direction.RIGHT); // QA windows
 * }</pre>
 *
 * @param stride tokens repeated between consecutive overflowing windows
 */
public record Truncation(int maxLength, int stride, Strategy strategy, Direction direction) {
  /** Which sequence of a pair loses tokens. */
  public enum Strategy {
    LONGEST_FIRST("LongestFirst"),
    ONLY_FIRST("OnlyFirst"),
    ONLY_SECOND("OnlySecond");

    final String hf;

    Strategy(String hf) {
      this.hf = hf;
    }

    public String hfName() {
      return hf;
    }

    public static Strategy parse(String s) {
      for (Strategy v : values()) {
        if (v.hf.equalsIgnoreCase(s) || v.name().equalsIgnoreCase(s.replace('-', '_'))) {
          return v;
        }
      }
      throw new IllegalArgumentException(
          "unknown truncation strategy '" + s + "'; use longest_first, only_first or only_second");
    }
  }

  /** Which end loses tokens. */
  public enum Direction {
    LEFT,
    RIGHT
  }

  public Truncation {
    if (maxLength < 0) {
      throw new IllegalArgumentException("truncation max length must be >= 0, got " + maxLength);
    }
    if (stride < 0) {
      throw new IllegalArgumentException("truncation stride must be >= 0, got " + stride);
    }
    if (strategy == null || direction == null) {
      throw new IllegalArgumentException("truncation strategy and direction are required");
    }
  }

  public static Truncation longestFirst(int maxLength) {
    return new Truncation(maxLength, 0, Strategy.LONGEST_FIRST, Direction.RIGHT);
  }
}
