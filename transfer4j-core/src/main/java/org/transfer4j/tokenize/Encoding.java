package org.transfer4j.tokenize;

import java.util.Arrays;
import java.util.List;

/**
 * The output of a tokenizer for one text (or pair): parallel arrays, one entry per token. Offsets
 * are {@code [start, end)} in Unicode code points of the original text, as Hugging Face reports
 * them (equal to Java char indices when the text has no surrogate pairs); special and padding
 * tokens have {@code [0, 0]}. Word ids are {@code null} for special and padding tokens.
 *
 * <pre>{@code
 * Encoding e = tokenizer.encode("Hello world");
 * e.ids();      // [101, 7592, 2088, 102]
 * e.offsets();  // [[0,0],[0,5],[6,11],[0,0]]
 * }</pre>
 *
 * @param overflowing the pieces cut off by truncation (each a full encoding, specials included)
 */
public record Encoding(
    int[] ids,
    String[] tokens,
    int[] typeIds,
    int[] attentionMask,
    int[] specialTokensMask,
    int[][] offsets,
    Integer[] wordIds,
    List<Encoding> overflowing) {

  public Encoding {
    int n = ids.length;
    if (tokens.length != n
        || typeIds.length != n
        || attentionMask.length != n
        || specialTokensMask.length != n
        || offsets.length != n
        || wordIds.length != n) {
      throw new IllegalArgumentException("encoding arrays differ in length");
    }
    overflowing = List.copyOf(overflowing);
  }

  /** An encoding with nothing in it. */
  public static Encoding empty() {
    return new Encoding(
        new int[0],
        new String[0],
        new int[0],
        new int[0],
        new int[0],
        new int[0][],
        new Integer[0],
        List.of());
  }

  /** Number of tokens. */
  public int length() {
    return ids.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Encoding e
        && Arrays.equals(ids, e.ids)
        && Arrays.equals(tokens, e.tokens)
        && Arrays.equals(typeIds, e.typeIds)
        && Arrays.equals(attentionMask, e.attentionMask)
        && Arrays.equals(specialTokensMask, e.specialTokensMask)
        && Arrays.deepEquals(offsets, e.offsets)
        && Arrays.equals(wordIds, e.wordIds)
        && overflowing.equals(e.overflowing);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ids) * 31 + Arrays.deepHashCode(offsets);
  }

  @Override
  public String toString() {
    return "Encoding{tokens=" + Arrays.toString(tokens) + ", ids=" + Arrays.toString(ids) + "}";
  }

  /** This encoding with every type id set to {@code typeId} (overflowing pieces unchanged). */
  public Encoding withTypeIds(int typeId) {
    int[] t = new int[ids.length];
    Arrays.fill(t, typeId);
    return new Encoding(
        ids, tokens, t, attentionMask, specialTokensMask, offsets, wordIds, overflowing);
  }

  /** This encoding with other overflowing pieces. */
  public Encoding withOverflowing(List<Encoding> o) {
    return new Encoding(
        ids, tokens, typeIds, attentionMask, specialTokensMask, offsets, wordIds, o);
  }

  /** Tokens {@code [from, to)} without overflowing pieces. */
  public Encoding slice(int from, int to) {
    return new Encoding(
        Arrays.copyOfRange(ids, from, to),
        Arrays.copyOfRange(tokens, from, to),
        Arrays.copyOfRange(typeIds, from, to),
        Arrays.copyOfRange(attentionMask, from, to),
        Arrays.copyOfRange(specialTokensMask, from, to),
        Arrays.copyOfRange(offsets, from, to),
        Arrays.copyOfRange(wordIds, from, to),
        List.of());
  }
}
