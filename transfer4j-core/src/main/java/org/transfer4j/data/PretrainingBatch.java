package org.transfer4j.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One masked pretraining batch, row-major, padded to the longest example of the batch: {@code [CLS]
 * A [SEP] B [SEP] [PAD]...} with masked-LM targets and the sentence-order label (ALBERT, Lan et
 * al., 2020: 1 when A and B were swapped).
 *
 * @param batchSize rows
 * @param seqLen padded length
 * @param inputIds masked input ids {@code (batch, seq)}
 * @param tokenTypeIds 0 for {@code [CLS] A [SEP]}, 1 for {@code B [SEP]}, 0 on padding {@code
 *     (batch, seq)}
 * @param attentionMask 1 on tokens, 0 on padding {@code (batch, seq)}
 * @param mlmLabels original ids at masked positions, {@link Labels#IGNORE} elsewhere {@code (batch,
 *     seq)}
 * @param maskedPositions flat positions {@code row * seqLen + position} of the masked tokens {@code
 *     (masked)}
 * @param maskedLabels original ids at {@code maskedPositions} {@code (masked)}
 * @param sentenceOrderLabels 1 if swapped, else 0 {@code (batch)}
 * @param lines the cache line of each row {@code (batch)}
 * @param epoch the epoch this batch belongs to
 * @param index the batch index within its epoch (resume from {@code index + 1})
 */
public record PretrainingBatch(
    int batchSize,
    int seqLen,
    long[] inputIds,
    long[] tokenTypeIds,
    long[] attentionMask,
    long[] mlmLabels,
    long[] maskedPositions,
    long[] maskedLabels,
    long[] sentenceOrderLabels,
    long[] lines,
    int epoch,
    int index) {

  /**
   * The arrays as INT64 NDArrays, in this order and named so: {@code input_ids, token_type_ids,
   * attention_mask} {@code (batch, seq)}, {@code labels} {@code (batch, seq)}, {@code
   * masked_positions, masked_labels} {@code (masked)}, {@code sentence_order_label} {@code
   * (batch)}.
   */
  public NDList toNDList(NDManager manager) {
    Shape bs = new Shape(batchSize, seqLen);
    return new NDList(
        named(manager.create(inputIds, bs), "input_ids"),
        named(manager.create(tokenTypeIds, bs), "token_type_ids"),
        named(manager.create(attentionMask, bs), "attention_mask"),
        named(manager.create(mlmLabels, bs), "labels"),
        named(
            manager.create(maskedPositions, new Shape(maskedPositions.length)), "masked_positions"),
        named(manager.create(maskedLabels, new Shape(maskedLabels.length)), "masked_labels"),
        named(manager.create(sentenceOrderLabels, new Shape(batchSize)), "sentence_order_label"));
  }

  private static NDArray named(NDArray a, String name) {
    a.setName(name);
    return a;
  }
}
