package org.transfer4j.train;

import java.util.Iterator;

/**
 * Training or evaluation batches, epoch by epoch, in an order that depends only on the seed and the
 * epoch, so a run can be resumed at any batch: {@code batches(seed, epoch, start)} must yield the
 * same batches as {@code batches(seed, epoch, 0)} without its first {@code start}. Batches are
 * plain Java objects (token id arrays, labels); the task's step function turns them into tensors in
 * the per-step manager, so nothing outlives a step.
 *
 * <pre>{@code
 * BatchSource<int[]> src = BatchSource.shuffled(data.length, 32, true, idx -> idx);
 * }</pre>
 *
 * @param <B> the batch type
 */
public interface BatchSource<B> {
  /** Batches per epoch. */
  int batchesPerEpoch();

  /** The batches of an epoch from position {@code start} (0-based) on. */
  Iterator<B> batches(long seed, int epoch, int start);

  /**
   * Index batches over {@code n} examples, reshuffled every epoch with a generator seeded by (seed,
   * epoch) when {@code shuffle}, else in order; {@code make} turns the example indices of a batch
   * into a batch. The last smaller batch is kept.
   */
  static <B> BatchSource<B> shuffled(
      int n, int batchSize, boolean shuffle, java.util.function.Function<int[], B> make) {
    return new IndexBatches<>(n, batchSize, shuffle, make);
  }
}
