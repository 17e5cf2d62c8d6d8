package org.transfer4j.tokenize.model;

import java.util.Arrays;

/**
 * The BPE merge loop: repeatedly apply the lowest-ranked merge present (leftmost on ties). Two
 * equivalent implementations: a rescan for short words and a heap for long ones.
 */
final class BpeMerge {
  private BpeMerge() {}

  /** Short words: rescan for the lowest-ranked pair (leftmost on ties) after every merge. */
  static int simple(LongIntMap ranks, int[] mergedId, int[] ids, int[] st, int[] en, int n) {
    while (n > 1) {
      int best = Integer.MAX_VALUE;
      int pos = -1;
      for (int k = 0; k + 1 < n; k++) {
        int rank = ranks.get(((long) ids[k] << 32) | ids[k + 1], Integer.MAX_VALUE);
        if (rank < best) {
          best = rank;
          pos = k;
        }
      }
      if (pos < 0) {
        break;
      }
      ids[pos] = mergedId[best];
      en[pos] = en[pos + 1];
      int rest = n - pos - 2;
      System.arraycopy(ids, pos + 2, ids, pos + 1, rest);
      System.arraycopy(st, pos + 2, st, pos + 1, rest);
      System.arraycopy(en, pos + 2, en, pos + 1, rest);
      n--;
    }
    return n;
  }

  /**
   * Long words: the same merges in O(n log n) with a heap of (rank, position) over a linked list of
   * symbols; stale heap entries are skipped when their pair changed.
   */
  static int withHeap(LongIntMap ranks, int[] mergedId, int[] ids, int[] st, int[] en, int n) {
    int[] next = new int[n];
    int[] prev = new int[n];
    boolean[] dead = new boolean[n];
    LongHeap heap = new LongHeap(n);
    for (int k = 0; k < n; k++) {
      next[k] = k + 1 < n ? k + 1 : -1;
      prev[k] = k - 1;
      if (k + 1 < n) {
        push(ranks, heap, ids[k], ids[k + 1], k);
      }
    }
    while (!heap.isEmpty()) {
      long top = heap.poll();
      int rank = (int) (top >>> 32);
      int pos = (int) top;
      int nx = dead[pos] ? -1 : next[pos];
      if (nx < 0 || ranks.get(((long) ids[pos] << 32) | ids[nx], -1) != rank) {
        continue; // stale: the pair at pos changed since this entry was pushed
      }
      ids[pos] = mergedId[rank];
      en[pos] = en[nx];
      dead[nx] = true;
      next[pos] = next[nx];
      if (next[nx] >= 0) {
        prev[next[nx]] = pos;
        push(ranks, heap, ids[pos], ids[next[pos]], pos);
      }
      if (prev[pos] >= 0) {
        push(ranks, heap, ids[prev[pos]], ids[pos], prev[pos]);
      }
    }
    int m = 0;
    for (int k = 0; k >= 0 && k < n; k = next[k]) {
      ids[m] = ids[k];
      st[m] = st[k];
      en[m] = en[k];
      m++;
    }
    return m;
  }

  private static void push(LongIntMap ranks, LongHeap heap, int a, int b, int pos) {
    int rank = ranks.get(((long) a << 32) | b, -1);
    if (rank >= 0) {
      heap.add(((long) rank << 32) | pos);
    }
  }

  /** A min-heap of longs (rank in the high half, position in the low half). */
  private static final class LongHeap {
    private long[] a;
    private int size;

    LongHeap(int capacity) {
      a = new long[Math.max(4, capacity)];
    }

    boolean isEmpty() {
      return size == 0;
    }

    void add(long v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, size * 2);
      }
      int i = size++;
      while (i > 0) {
        int p = (i - 1) >>> 1;
        if (a[p] <= v) {
          break;
        }
        a[i] = a[p];
        i = p;
      }
      a[i] = v;
    }

    long poll() {
      long top = a[0];
      long v = a[--size];
      int i = 0;
      while (true) {
        int c = 2 * i + 1;
        if (c >= size) {
          break;
        }
        if (c + 1 < size && a[c + 1] < a[c]) {
          c++;
        }
        if (a[c] >= v) {
          break;
        }
        a[i] = a[c];
        i = c;
      }
      a[i] = v;
      return top;
    }
  }
}
