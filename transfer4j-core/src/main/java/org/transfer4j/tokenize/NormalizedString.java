package org.transfer4j.tokenize;

import java.util.Arrays;

/**
 * A normalized text that remembers, for every normalized UTF-16 char, the range of the original
 * text it came from. Token offsets are computed through these alignments, so they always point into
 * the text the user passed in (as in Hugging Face tokenizers' {@code NormalizedString}).
 *
 * <pre>{@code
 * NormalizedString n = new BertNormalizer(true, true, null, true).normalize(NormalizedString.of("Héllo"));
 * n.normalized();      // "hello"
 * n.originalStart(1);  // 1 (the 'é')
 * }</pre>
 */
public final class NormalizedString {
  private final String original;
  private char[] chars;
  private int[] starts;
  private int[] ends;
  private int length;

  /** An empty builder over {@code original}; fill it with {@link #append}. */
  public NormalizedString(String original, int capacity) {
    this.original = original;
    int c = Math.max(4, capacity);
    this.chars = new char[c];
    this.starts = new int[c];
    this.ends = new int[c];
  }

  /** The identity normalization of {@code text}: each char aligned to itself. */
  public static NormalizedString of(String text) {
    int n = text.length();
    NormalizedString s = new NormalizedString(text, n);
    text.getChars(0, n, s.chars, 0);
    for (int i = 0; i < n; i++) {
      s.starts[i] = i;
      s.ends[i] = i + 1;
    }
    // A surrogate pair aligns as one unit: both halves cover the whole code point.
    for (int i = 0; i + 1 < n; i++) {
      if (Character.isHighSurrogate(s.chars[i]) && Character.isLowSurrogate(s.chars[i + 1])) {
        s.ends[i] = i + 2;
        s.starts[i + 1] = i;
        i++;
      }
    }
    s.length = n;
    return s;
  }

  /** A builder for the result of normalizing this string (same original text). */
  public NormalizedString derive() {
    return new NormalizedString(original, length + (length >> 3) + 4);
  }

  /** Appends one normalized char aligned to original chars {@code [start, end)}. */
  public void append(char c, int start, int end) {
    if (length == chars.length) {
      int n = chars.length * 2;
      chars = Arrays.copyOf(chars, n);
      starts = Arrays.copyOf(starts, n);
      ends = Arrays.copyOf(ends, n);
    }
    chars[length] = c;
    starts[length] = start;
    ends[length] = end;
    length++;
  }

  /** Appends a code point (one or two chars) aligned to original chars {@code [start, end)}. */
  public void appendCodePoint(int cp, int start, int end) {
    if (cp < Character.MIN_SUPPLEMENTARY_CODE_POINT) {
      append((char) cp, start, end);
    } else {
      append(Character.highSurrogate(cp), start, end);
      append(Character.lowSurrogate(cp), start, end);
    }
  }

  /** A copy of normalized chars {@code [from, to)} with their alignments. */
  public NormalizedString slice(int from, int to) {
    NormalizedString s = new NormalizedString(original, to - from);
    System.arraycopy(chars, from, s.chars, 0, to - from);
    System.arraycopy(starts, from, s.starts, 0, to - from);
    System.arraycopy(ends, from, s.ends, 0, to - from);
    s.length = to - from;
    return s;
  }

  public String original() {
    return original;
  }

  public String normalized() {
    return new String(chars, 0, length);
  }

  public int length() {
    return length;
  }

  public char charAt(int i) {
    return chars[i];
  }

  /** The backing char array (valid up to {@link #length()}); read-only by contract. */
  public char[] chars() {
    return chars;
  }

  /** Start (inclusive) in the original text of normalized char {@code i}. */
  public int originalStart(int i) {
    return starts[i];
  }

  /** End (exclusive) in the original text of normalized char {@code i}. */
  public int originalEnd(int i) {
    return ends[i];
  }

  @Override
  public String toString() {
    return normalized();
  }
}
