package org.transfer4j.serve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a collected batch into forward passes of similar length. A padded batch costs its longest
 * example times its size, and on a CPU the cost is the tokens computed: 32 random BANKING77
 * questions padded to their longest computed about 3x the real tokens, and a batch of 32 ran slower
 * per text than one text at a time (BENCHMARKS.md, "Serving"). Sorted by length and cut wherever
 * padding would pass {@code maxPadding} of the real tokens, the passes keep the saving of batching
 * (fewer, larger operations) without paying for padding.
 *
 * <pre>{@code
 * List<int[]> passes = LengthGroups.plan(new int[] {5, 40, 6, 38}, 1.25);
 * // [[0, 2], [3, 1]]: example indices, shortest first
 * }</pre>
 */
public final class LengthGroups {
  private LengthGroups() {}

  /**
   * Example indices per pass, sorted by length; each pass computes at most {@code maxPadding} times
   * its real tokens ({@code size * longest <= maxPadding * sum}).
   */
  public static List<int[]> plan(int[] lengths, double maxPadding) {
    Integer[] order = new Integer[lengths.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // Stable: equal lengths keep arrival order.
    Arrays.sort(order, (a, b) -> Integer.compare(lengths[a], lengths[b]));
    List<int[]> passes = new ArrayList<>();
    int start = 0;
    long sum = 0;
    for (int k = 0; k < order.length; k++) {
      int len = lengths[order[k]];
      // Sorted ascending: the newcomer is the longest of the pass.
      if (k > start && (long) (k - start + 1) * len > maxPadding * (sum + len)) {
        passes.add(indices(order, start, k));
        start = k;
        sum = 0;
      }
      sum += len;
    }
    if (start < order.length) {
      passes.add(indices(order, start, order.length));
    }
    return passes;
  }

  private static int[] indices(Integer[] order, int from, int to) {
    int[] out = new int[to - from];
    for (int i = from; i < to; i++) {
      out[i - from] = order[i];
    }
    return out;
  }
}
