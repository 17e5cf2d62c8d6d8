package org.transfer4j.task;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.transfer4j.data.BucketBatcher;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.data.FineTuneBatch;
import org.transfer4j.data.FineTuneBatcher;
import org.transfer4j.train.BatchSource;

/**
 * Encoded examples as the trainer's batch source: training epochs length-bucketed in a seeded order
 * (little padding, resumable at any batch), evaluation in file order. Batches are padded lazily,
 * one at a time.
 *
 * <pre>{@code
 * BatchSource<FineTuneBatch> train = ExampleBatches.training(examples, 32, specials.pad());
 * }</pre>
 */
public final class ExampleBatches implements BatchSource<FineTuneBatch> {
  private final List<EncodedExample> examples;
  private final FineTuneBatcher batcher;
  private final int batchSize;
  private final boolean shuffle;

  private ExampleBatches(List<EncodedExample> examples, int batchSize, int padId, boolean shuffle) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no examples");
    }
    this.examples = examples;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.batcher = new FineTuneBatcher(padId, BucketBatcher.bucketed(batchSize));
  }

  /** Shuffled, length-bucketed batches, a new order per (seed, epoch). */
  public static ExampleBatches training(List<EncodedExample> examples, int batchSize, int padId) {
    return new ExampleBatches(examples, batchSize, padId, true);
  }

  /** Batches in file order. */
  public static ExampleBatches inOrder(List<EncodedExample> examples, int batchSize, int padId) {
    return new ExampleBatches(examples, batchSize, padId, false);
  }

  @Override
  public int batchesPerEpoch() {
    return plan(0, 0).size();
  }

  @Override
  public Iterator<FineTuneBatch> batches(long seed, int epoch, int start) {
    List<int[]> plan = plan(seed, epoch);
    Iterator<int[]> it = plan.subList(Math.min(start, plan.size()), plan.size()).iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public FineTuneBatch next() {
        return batcher.collate(examples, it.next());
      }
    };
  }

  private List<int[]> plan(long seed, int epoch) {
    if (shuffle) {
      return batcher.plan(examples, seed, epoch);
    }
    List<int[]> out = new ArrayList<>();
    for (int s = 0; s < examples.size(); s += batchSize) {
      int[] idx = new int[Math.min(batchSize, examples.size() - s)];
      for (int k = 0; k < idx.length; k++) {
        idx[k] = s + k;
      }
      out.add(idx);
    }
    return out;
  }
}
