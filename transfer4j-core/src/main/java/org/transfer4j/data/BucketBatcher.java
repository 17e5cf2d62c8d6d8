package org.transfer4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Plans the batches of one epoch: every example exactly once, deterministic per (seed, epoch). With
 * bucketing, a seeded shuffle is cut into chunks of {@code batchSize * chunkBatches} examples, each
 * chunk is sorted by length and cut into batches, and the batches are shuffled: examples of similar
 * length share a batch (little padding) while the order stays random.
 *
 * <pre>{@code
 * BucketBatcher b = new BucketBatcher(32, 50, true);
 * List<int[]> plan = b.plan(lengths, seed, epoch);   // plan.get(k): example indices of batch k
 * }</pre>
 *
 * @param batchSize examples per batch (the last batch may be smaller)
 * @param chunkBatches batches per sorted chunk (larger = more homogeneous, less random)
 * @param bucket sort within chunks by length; {@code false} gives a plain shuffle
 */
public record BucketBatcher(int batchSize, int chunkBatches, boolean bucket) {
  public BucketBatcher {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    if (chunkBatches < 1) {
      throw new IllegalArgumentException("chunkBatches must be >= 1, got " + chunkBatches);
    }
  }

  /** Bucketed batches with 50 batches per sorted chunk. */
  public static BucketBatcher bucketed(int batchSize) {
    return new BucketBatcher(batchSize, 50, true);
  }

  /** The batches of {@code epoch}: example indices into {@code lengths}. */
  public List<int[]> plan(int[] lengths, long seed, int epoch) {
    int n = lengths.length;
    SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, epoch, 0x6261_7463_68L));
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      Integer t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    List<int[]> batches = new ArrayList<>((n + batchSize - 1) / batchSize);
    long chunk = bucket ? (long) batchSize * chunkBatches : batchSize;
    for (int start = 0; start < n; start += (int) Math.min(chunk, n - start)) {
      int end = (int) Math.min(n, start + chunk);
      if (bucket) {
        // Stable sort: ties keep the shuffled order.
        Arrays.sort(order, start, end, (a, b) -> Integer.compare(lengths[a], lengths[b]));
      }
      for (int b = start; b < end; b += batchSize) {
        int e = Math.min(end, b + batchSize);
        int[] batch = new int[e - b];
        for (int k = b; k < e; k++) {
          batch[k - b] = order[k];
        }
        batches.add(batch);
      }
    }
    Collections.shuffle(batches, new Random(rng.nextLong()));
    return batches;
  }
}
