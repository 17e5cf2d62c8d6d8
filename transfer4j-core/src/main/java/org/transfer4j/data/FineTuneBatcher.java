package org.transfer4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pads fine-tuning examples into batches: training epochs in a seeded (optionally length-bucketed)
 * order, evaluation in file order. Each batch is padded to its own longest input.
 *
 * <pre>{@code
 * FineTuneBatcher batcher = new FineTuneBatcher(specials.pad(), BucketBatcher.bucketed(32));
 * for (int[] idx : batcher.plan(train, seed, epoch)) {
 *   FineTuneBatch b = batcher.collate(train, idx);
 *   ...
 * }
 * List<FineTuneBatch> eval = batcher.inOrder(test, 64);
 * }</pre>
 */
public final class FineTuneBatcher {
  private final int padId;
  private final BucketBatcher batcher;

  /**
   * @param padId the id padding takes
   * @param batcher batch size and bucketing ({@code new BucketBatcher(n, 1, false)} for a plain
   *     shuffle)
   */
  public FineTuneBatcher(int padId, BucketBatcher batcher) {
    this.padId = padId;
    this.batcher = batcher;
  }

  /** The batches of {@code epoch}: example indices, each example exactly once. */
  public List<int[]> plan(List<EncodedExample> examples, long seed, int epoch) {
    int[] lengths = new int[examples.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = examples.get(i).length();
    }
    return batcher.plan(lengths, seed, epoch);
  }

  /** All examples in order, {@code batchSize} at a time (evaluation, prediction). */
  public List<FineTuneBatch> inOrder(List<EncodedExample> examples, int batchSize) {
    List<FineTuneBatch> out = new ArrayList<>();
    for (int s = 0; s < examples.size(); s += batchSize) {
      int e = Math.min(examples.size(), s + batchSize);
      int[] idx = new int[e - s];
      for (int k = 0; k < idx.length; k++) {
        idx[k] = s + k;
      }
      out.add(collate(examples, idx));
    }
    return out;
  }

  /** Pads the examples {@code indices} of {@code examples} into one batch. */
  public FineTuneBatch collate(List<EncodedExample> examples, int[] indices) {
    if (indices.length == 0) {
      throw new IllegalArgumentException("empty batch");
    }
    EncodedExample first = examples.get(indices[0]);
    EncodedExample.Kind kind = first.kind();
    int choices = first.inputs().size();
    int labelWidth = first.labels().length;
    int seq = 0;
    for (int i : indices) {
      EncodedExample e = examples.get(i);
      if (e.kind() != kind || e.inputs().size() != choices) {
        throw new IllegalArgumentException(
            "example "
                + i
                + " is "
                + e.kind()
                + " with "
                + e.inputs().size()
                + " input(s); the batch is "
                + kind
                + " with "
                + choices);
      }
      if (kind == EncodedExample.Kind.MULTI_HOT && e.labels().length != labelWidth) {
        throw new IllegalArgumentException("example " + i + " has another label-vector width");
      }
      seq = Math.max(seq, e.length());
    }
    int rows = indices.length;
    int stride = choices * seq;
    long[] ids = new long[rows * stride];
    long[] types = new long[ids.length];
    long[] mask = new long[ids.length];
    Arrays.fill(ids, padId);
    long[] labels =
        switch (kind) {
          case SEQUENCE, CHOICE -> new long[rows];
          case MULTI_HOT -> new long[rows * labelWidth];
          case TOKEN -> new long[rows * seq];
          case NONE -> new long[0];
        };
    if (kind == EncodedExample.Kind.TOKEN) {
      Arrays.fill(labels, Labels.IGNORE);
    }
    for (int r = 0; r < rows; r++) {
      EncodedExample e = examples.get(indices[r]);
      for (int c = 0; c < choices; c++) {
        EncodedInput in = e.inputs().get(c);
        int base = r * stride + c * seq;
        for (int t = 0; t < in.length(); t++) {
          ids[base + t] = in.ids()[t];
          types[base + t] = in.typeIds()[t];
          mask[base + t] = 1;
        }
      }
      switch (kind) {
        case SEQUENCE, CHOICE -> labels[r] = e.labels()[0];
        case MULTI_HOT -> System.arraycopy(e.labels(), 0, labels, r * labelWidth, labelWidth);
        case TOKEN -> System.arraycopy(e.labels(), 0, labels, r * seq, e.labels().length);
        case NONE -> {}
      }
    }
    return new FineTuneBatch(rows, choices, seq, ids, types, mask, labels, kind, indices.clone());
  }
}
