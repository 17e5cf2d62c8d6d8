package org.transfer4j.search;

/**
 * The k best (highest score) of a stream of {@code (row, score)} pairs: a bounded min-heap on two
 * primitive arrays, reused from query to query, so scanning a million scores allocates nothing.
 * Ties go to the lower row, so results are deterministic (and equal to a stable sort's).
 *
 * <pre>{@code
 * TopK top = new TopK(10);
 * for (int r = 0; r < n; r++) top.offer(r, scores[r]);
 * Hit[] best = top.drain(); // best first
 * }</pre>
 */
public final class TopK {
  private final int capacity;
  private final int[] rows;
  private final float[] scores;
  private int size;

  /** A heap keeping the best {@code k} (>= 1). */
  public TopK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    this.capacity = k;
    this.rows = new int[k];
    this.scores = new float[k];
  }

  /** Considers one candidate. */
  public void offer(int row, float score) {
    if (size < capacity) {
      rows[size] = row;
      scores[size] = score;
      siftUp(size++);
    } else if (better(row, score, rows[0], scores[0])) {
      rows[0] = row;
      scores[0] = score;
      siftDown(0);
    }
  }

  /** How many are held (min(k, offered)). */
  public int size() {
    return size;
  }

  /** The held pairs, best first; empties the heap for the next query. */
  public Hit[] drain() {
    Hit[] out = new Hit[size];
    for (int i = size - 1; i >= 0; i--) {
      out[i] = new Hit(rows[0], scores[0]);
      size--;
      rows[0] = rows[size];
      scores[0] = scores[size];
      siftDown(0);
    }
    return out;
  }

  /** Whether (r1, s1) ranks before (r2, s2): higher score, then lower row. */
  private static boolean better(int r1, float s1, int r2, float s2) {
    return s1 > s2 || (s1 == s2 && r1 < r2);
  }

  // The root holds the worst kept pair: a child is never worse than its parent.
  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!better(rows[parent], scores[parent], rows[i], scores[i])) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int worst = l;
      int r = l + 1;
      if (r < size && better(rows[l], scores[l], rows[r], scores[r])) {
        worst = r;
      }
      if (!better(rows[i], scores[i], rows[worst], scores[worst])) {
        return;
      }
      swap(i, worst);
      i = worst;
    }
  }

  private void swap(int a, int b) {
    int r = rows[a];
    rows[a] = rows[b];
    rows[b] = r;
    float s = scores[a];
    scores[a] = scores[b];
    scores[b] = s;
  }
}
