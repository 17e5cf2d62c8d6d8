package org.transfer4j.tokenize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Merging, truncating and padding encodings with Hugging Face's exact semantics. */
final class Encodings {
  private Encodings() {}

  /** Concatenates {@code a} and {@code b}, combining their overflowing pieces like HF. */
  static Encoding merge(Encoding a, Encoding b) {
    List<Encoding> over = new ArrayList<>();
    for (Encoding ao : a.overflowing()) {
      over.add(merge(ao, b));
      for (Encoding bo : b.overflowing()) {
        over.add(merge(ao, bo));
      }
    }
    for (Encoding bo : b.overflowing()) {
      over.add(merge(a.withOverflowing(List.of()), bo));
    }
    int n = a.length() + b.length();
    return new Encoding(
        cat(a.ids(), b.ids()),
        catS(a.tokens(), b.tokens()),
        cat(a.typeIds(), b.typeIds()),
        cat(a.attentionMask(), b.attentionMask()),
        cat(a.specialTokensMask(), b.specialTokensMask()),
        catO(a.offsets(), b.offsets(), n),
        catW(a.wordIds(), b.wordIds()),
        over);
  }

  /** Folds {@link #merge} over {@code parts} starting from an empty encoding. */
  static Encoding mergeAll(List<Encoding> parts) {
    Encoding acc = Encoding.empty();
    for (Encoding p : parts) {
      acc = merge(acc, p);
    }
    return acc;
  }

  /**
   * Keeps {@code maxLen} tokens; the rest become overflowing windows overlapping by {@code stride}.
   */
  static Encoding truncate(Encoding e, int maxLen, int stride, Truncation.Direction dir) {
    int len = e.length();
    if (maxLen >= len) {
      return e;
    }
    if (maxLen == 0) {
      return Encoding.empty().withOverflowing(List.of(e));
    }
    if (stride >= maxLen) {
      throw new IllegalArgumentException(
          "truncation stride "
              + stride
              + " must be smaller than the max length "
              + maxLen
              + " left for the text (max length minus special tokens)");
    }
    int step = maxLen - stride;
    List<int[]> ranges = new ArrayList<>();
    if (dir == Truncation.Direction.RIGHT) {
      for (int start = 0; start < len; start += step) {
        int stop = Math.min(start + maxLen, len);
        ranges.add(new int[] {start, stop});
        if (stop == len) {
          break;
        }
      }
    } else {
      for (int s = len - 1; s >= 0; s -= step) {
        int stop = s + 1;
        int start = stop < maxLen ? 0 : stop - maxLen;
        ranges.add(new int[] {start, stop});
        if (start == 0) {
          break;
        }
      }
    }
    List<Encoding> over = new ArrayList<>(ranges.size() - 1);
    for (int i = 1; i < ranges.size(); i++) {
      over.add(e.slice(ranges.get(i)[0], ranges.get(i)[1]));
    }
    return e.slice(ranges.get(0)[0], ranges.get(0)[1]).withOverflowing(over);
  }

  /** Pads {@code e} (and its overflowing pieces) to {@code target} tokens. */
  static Encoding pad(Encoding e, int target, Padding p) {
    List<Encoding> over = e.overflowing();
    if (!over.isEmpty()) {
      List<Encoding> padded = new ArrayList<>(over.size());
      for (Encoding o : over) {
        padded.add(pad(o, target, p));
      }
      over = padded;
    }
    int len = e.length();
    if (len >= target) {
      return over == e.overflowing() ? e : e.withOverflowing(over);
    }
    int k = target - len;
    int off = p.direction() == Padding.Direction.LEFT ? k : 0;
    int at = p.direction() == Padding.Direction.LEFT ? 0 : len;
    int[] ids = new int[target];
    String[] tokens = new String[target];
    int[] types = new int[target];
    int[] att = new int[target];
    int[] spec = new int[target];
    int[][] offs = new int[target][];
    Integer[] words = new Integer[target];
    System.arraycopy(e.ids(), 0, ids, off, len);
    System.arraycopy(e.tokens(), 0, tokens, off, len);
    System.arraycopy(e.typeIds(), 0, types, off, len);
    System.arraycopy(e.attentionMask(), 0, att, off, len);
    System.arraycopy(e.specialTokensMask(), 0, spec, off, len);
    System.arraycopy(e.offsets(), 0, offs, off, len);
    System.arraycopy(e.wordIds(), 0, words, off, len);
    int[] zero = {0, 0};
    for (int i = at; i < at + k; i++) {
      ids[i] = p.padId();
      tokens[i] = p.padToken();
      types[i] = p.padTypeId();
      att[i] = 0;
      spec[i] = 1;
      offs[i] = zero;
    }
    return new Encoding(ids, tokens, types, att, spec, offs, words, over);
  }

  /** The length a batch pads to: fixed or longest, rounded up to the multiple. */
  static int padLength(List<Encoding> batch, Padding p) {
    int n = p.strategy() == Padding.Strategy.FIXED ? p.length() : 0;
    if (p.strategy() == Padding.Strategy.BATCH_LONGEST) {
      for (Encoding e : batch) {
        n = Math.max(n, e.length());
      }
    }
    Integer m = p.padToMultipleOf();
    if (m != null && m > 0 && n % m > 0) {
      n += m - n % m;
    }
    return n;
  }

  private static int[] cat(int[] a, int[] b) {
    int[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static String[] catS(String[] a, String[] b) {
    String[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static Integer[] catW(Integer[] a, Integer[] b) {
    Integer[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static int[][] catO(int[][] a, int[][] b, int n) {
    int[][] r = Arrays.copyOf(a, n);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
