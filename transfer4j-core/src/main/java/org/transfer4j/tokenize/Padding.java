package org.transfer4j.tokenize;

/**
 * How to pad encodings: to the longest of a batch or a fixed length, optionally up to a multiple,
 * on the right or left.
 *
 * <pre>{@code
 * tokenizer.withPadding(Padding.longest(0, "[PAD]").withMultipleOf(8));
 * }</pre>
 *
 * @param length the fixed length (ignored for {@link Strategy#BATCH_LONGEST})
 * @param padToMultipleOf round the length up to a multiple of this, or {@code null}
 */
public record Padding(
    Strategy strategy,
    int length,
    Integer padToMultipleOf,
    int padId,
    int padTypeId,
    String padToken,
    Direction direction) {
  public enum Strategy {
    BATCH_LONGEST,
    FIXED
  }

  public enum Direction {
    LEFT,
    RIGHT
  }

  public Padding {
    if (strategy == null || direction == null || padToken == null) {
      throw new IllegalArgumentException("padding strategy, direction and pad token are required");
    }
    if (strategy == Strategy.FIXED && length <= 0) {
      throw new IllegalArgumentException("fixed padding length must be > 0, got " + length);
    }
    if (padToMultipleOf != null && padToMultipleOf <= 0) {
      throw new IllegalArgumentException("pad to multiple of must be > 0, got " + padToMultipleOf);
    }
  }

  /** Pad to the longest encoding of the batch, on the right. */
  public static Padding longest(int padId, String padToken) {
    return new Padding(Strategy.BATCH_LONGEST, 0, null, padId, 0, padToken, Direction.RIGHT);
  }

  /** Pad to {@code length}, on the right. */
  public static Padding fixed(int length, int padId, String padToken) {
    return new Padding(Strategy.FIXED, length, null, padId, 0, padToken, Direction.RIGHT);
  }

  public Padding withMultipleOf(Integer multiple) {
    return new Padding(strategy, length, multiple, padId, padTypeId, padToken, direction);
  }

  public Padding withDirection(Direction d) {
    return new Padding(strategy, length, padToMultipleOf, padId, padTypeId, padToken, d);
  }
}
