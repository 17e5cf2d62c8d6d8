package org.transfer4j.tokenize;

import java.util.Arrays;

/**
 * A reusable buffer of pre-tokenized words: the chars of all words back to back, each char with its
 * original-text range, and the word boundaries. Pre-tokenizers read one and fill another, so the
 * hot path allocates no per-word objects.
 */
public final class Words {
  private char[] chars;
  private int[] starts;
  private int[] ends;
  private int length;
  private int[] bounds;
  private int count;

  public Words(int capacity) {
    int c = Math.max(8, capacity);
    chars = new char[c];
    starts = new int[c];
    ends = new int[c];
    bounds = new int[16];
  }

  /** One word holding the whole normalized string (the input of the first pre-tokenizer). */
  public static Words of(NormalizedString s) {
    Words w = new Words(s.length());
    for (int i = 0; i < s.length(); i++) {
      w.append(s.charAt(i), s.originalStart(i), s.originalEnd(i));
    }
    w.endWord();
    return w;
  }

  public void clear() {
    length = 0;
    count = 0;
  }

  /** Appends a char of the current word. */
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

  /** Copies chars {@code [from, to)} of {@code src} (with alignments) into the current word. */
  public void appendRange(Words src, int from, int to) {
    for (int i = from; i < to; i++) {
      append(src.chars[i], src.starts[i], src.ends[i]);
    }
  }

  /** Closes the current word; an empty word is dropped. */
  public void endWord() {
    if (length == bounds[count]) {
      return;
    }
    if (count + 2 > bounds.length) {
      bounds = Arrays.copyOf(bounds, bounds.length * 2);
    }
    bounds[count + 1] = length;
    count++;
  }

  /** Adds chars {@code [from, to)} of {@code src} as one word. */
  public void addWord(Words src, int from, int to) {
    appendRange(src, from, to);
    endWord();
  }

  /** Total number of chars in all words. */
  public int length() {
    return length;
  }

  public int count() {
    return count;
  }

  /** Index of the first char of word {@code k} in {@link #chars()}. */
  public int wordStart(int k) {
    return bounds[k];
  }

  /** Index after the last char of word {@code k}. */
  public int wordEnd(int k) {
    return bounds[k + 1];
  }

  public char[] chars() {
    return chars;
  }

  public String word(int k) {
    return new String(chars, bounds[k], bounds[k + 1] - bounds[k]);
  }

  /** Original start of char {@code i}. */
  public int charStart(int i) {
    return starts[i];
  }

  /** Original end of char {@code i}. */
  public int charEnd(int i) {
    return ends[i];
  }

  /** Original start of word {@code k}. */
  public int originalStart(int k) {
    return starts[bounds[k]];
  }

  /** Original end of word {@code k}. */
  public int originalEnd(int k) {
    return ends[bounds[k + 1] - 1];
  }
}
