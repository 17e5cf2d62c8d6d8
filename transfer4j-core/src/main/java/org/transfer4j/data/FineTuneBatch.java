package org.transfer4j.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A padded fine-tuning batch, row-major. Inputs are {@code (batch, seq)}, or {@code (batch,
 * choices, seq)} for multiple choice; the label layout follows {@link #kind()}.
 *
 * @param batchSize examples
 * @param choices inputs per example (1 unless multiple choice)
 * @param seqLen padded length (the longest input of the batch)
 * @param inputIds {@code (batch, choices, seq)} flattened; padded with the pad id
 * @param tokenTypeIds same shape, 0 on padding
 * @param attentionMask same shape, 1 on tokens, 0 on padding
 * @param labels see {@link EncodedExample.Kind}
 * @param kind the label layout
 * @param indices the example index (into the list given to the batcher) of each row
 */
public record FineTuneBatch(
    int batchSize,
    int choices,
    int seqLen,
    long[] inputIds,
    long[] tokenTypeIds,
    long[] attentionMask,
    long[] labels,
    EncodedExample.Kind kind,
    int[] indices) {

  /** The input shape: {@code (batch, seq)} or {@code (batch, choices, seq)}. */
  public Shape inputShape() {
    return kind == EncodedExample.Kind.CHOICE
        ? new Shape(batchSize, choices, seqLen)
        : new Shape(batchSize, seqLen);
  }

  /** The label shape: {@code (batch)}, {@code (batch, K)}, {@code (batch, seq)} or {@code (0)}. */
  public Shape labelShape() {
    return switch (kind) {
      case SEQUENCE, CHOICE -> new Shape(batchSize);
      case MULTI_HOT -> new Shape(batchSize, batchSize == 0 ? 0 : labels.length / batchSize);
      case TOKEN -> new Shape(batchSize, seqLen);
      case NONE -> new Shape(0);
    };
  }

  /**
   * INT64 NDArrays named {@code input_ids, token_type_ids, attention_mask, labels} (labels left out
   * for {@link EncodedExample.Kind#NONE}).
   */
  public NDList toNDList(NDManager manager) {
    Shape s = inputShape();
    NDList out =
        new NDList(
            named(manager.create(inputIds, s), "input_ids"),
            named(manager.create(tokenTypeIds, s), "token_type_ids"),
            named(manager.create(attentionMask, s), "attention_mask"));
    if (kind != EncodedExample.Kind.NONE) {
      out.add(named(manager.create(labels, labelShape()), "labels"));
    }
    return out;
  }

  private static NDArray named(NDArray a, String name) {
    a.setName(name);
    return a;
  }
}
