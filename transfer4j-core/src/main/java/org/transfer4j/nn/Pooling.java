package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Sequence pooling: one vector per sequence from its token vectors.
 *
 * <pre>{@code
 * NDArray sentence = Pooling.maskedMean(hidden, attentionMask); // (batch, hidden)
 * }</pre>
 */
public final class Pooling {
  private Pooling() {}

  /**
   * The mean of {@code hidden} {@code (batch, seq, hidden)} over the positions where {@code
   * attentionMask} {@code (batch, seq)} is non-zero (Sentence-BERT's mean pooling, Reimers and
   * Gurevych, 2019), so padding never changes the result; a row without a real token gives zeros. A
   * null mask averages every position.
   */
  public static NDArray maskedMean(NDArray hidden, NDArray attentionMask) {
    if (attentionMask == null) {
      return hidden.mean(new int[] {1}); // (batch, hidden)
    }
    NDArray m = attentionMask.toType(DataType.FLOAT32, false).expandDims(2); // (batch, seq, 1)
    NDArray sum = hidden.mul(m).sum(new int[] {1}); // (batch, hidden)
    NDArray count = Scalars.maximum(m.sum(new int[] {1}), 1.0); // (batch, 1)
    return sum.div(count);
  }

  /**
   * The element-wise maximum of {@code hidden} {@code (batch, seq, hidden)} over the positions
   * where {@code attentionMask} {@code (batch, seq)} is non-zero (max-over-time pooling, Collobert
   * et al., 2011; Kim, 2014; Sentence-BERT's max pooling): padding is pushed down by 1e9 first, so
   * it never wins while a row has a real token; a row without a real position gives zeros. A null
   * mask takes the maximum over every position.
   */
  public static NDArray maskedMax(NDArray hidden, NDArray attentionMask) {
    if (attentionMask == null) {
      return hidden.max(new int[] {1}); // (batch, hidden)
    }
    NDArray m = attentionMask.toType(DataType.FLOAT32, false).expandDims(2); // (batch, seq, 1)
    // (m - 1) * 1e9 is 0 on real tokens (their values stay exact) and -1e9 on padding; the mask
    // needs no gradient, so plain number operands are safe here (see Scalars).
    NDArray penalty = m.sub(1f).mul(1e9f);
    NDArray max = hidden.add(penalty).max(new int[] {1}); // (batch, hidden)
    NDArray any = m.max(new int[] {1}); // (batch, 1): 0 for an empty row
    return max.mul(any);
  }
}
