package org.transfer4j.train;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.Function;

/**
 * Batches of example indices: a permutation of {@code 0..n-1} per epoch (Fisher-Yates with a {@link
 * Random} seeded from the run seed and the epoch), cut into consecutive batches. Because the
 * permutation depends only on (seed, epoch, n), a batch of 32 holds exactly the examples of four
 * consecutive batches of 8, which makes gradient accumulation comparable with a large batch.
 */
final class IndexBatches<B> implements BatchSource<B> {
  private final int n;
  private final int batchSize;
  private final boolean shuffle;
  private final Function<int[], B> make;

  IndexBatches(int n, int batchSize, boolean shuffle, Function<int[], B> make) {
    if (n < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "need at least one example and batch size >= 1; got n=" + n + " batch=" + batchSize);
    }
    this.n = n;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.make = make;
  }

  @Override
  public int batchesPerEpoch() {
    return (n + batchSize - 1) / batchSize;
  }

  static int[] permutation(int n, long seed, int epoch, boolean shuffle) {
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    if (shuffle) {
      Random r = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
      for (int i = n - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return order;
  }

  @Override
  public Iterator<B> batches(long seed, int epoch, int start) {
    int[] order = permutation(n, seed, epoch, shuffle);
    return new Iterator<>() {
      int next = Math.max(0, start);

      @Override
      public boolean hasNext() {
        return next < batchesPerEpoch();
      }

      @Override
      public B next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int from = next * batchSize;
        int to = Math.min(n, from + batchSize);
        next++;
        return make.apply(Arrays.copyOfRange(order, from, to));
      }
    };
  }
}
