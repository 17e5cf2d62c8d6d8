package org.transfer4j.eval;

/**
 * A chunk (entity) of a tag sequence: tokens {@code start} (inclusive) to {@code end} (exclusive)
 * of entity type {@code type} ({@code "PER"}; empty when the tags carry no type, as {@code
 * B}/{@code I} chunk tags).
 */
public record Span(int start, int end, String type) {
  public Span {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }

  public int length() {
    return end - start;
  }
}
