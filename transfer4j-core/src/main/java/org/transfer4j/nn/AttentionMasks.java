package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Additive attention masks: 0 where a query may attend, a large negative number where it may not,
 * added to the scores before the softmax. Hugging Face uses {@code torch.finfo(float32).min}
 * ({@value #MASKED}); the softmax then gives those positions exactly zero weight unless a row is
 * fully masked.
 *
 * <pre>{@code
 * NDArray mask = AttentionMasks.padding(attentionMask);            // (batch, 1, 1, seq)
 * NDArray both = mask.add(AttentionMasks.causal(manager, seq));   // (batch, 1, seq, seq)
 * }</pre>
 */
public final class AttentionMasks {
  /** The value added at masked positions, {@code torch.finfo(torch.float32).min}. */
  public static final float MASKED = -Float.MAX_VALUE;

  private AttentionMasks() {}

  /**
   * From a padding mask {@code (batch, seq)} with 1 for real tokens and 0 for padding, the additive
   * mask {@code (batch, 1, 1, seq)} (float32, in attentionMask's manager).
   */
  public static NDArray padding(NDArray attentionMask) {
    Shape s = attentionMask.getShape();
    if (s.dimension() != 2) {
      throw new IllegalArgumentException("attention_mask must be (batch, seq), got " + s);
    }
    NDArray keep = attentionMask.toType(DataType.FLOAT32, false);
    // (1 - mask) * min, written as (mask - 1) * max so that kept positions are +0, not -0
    return keep.sub(1f).mul(Float.MAX_VALUE).reshape(s.get(0), 1, 1, s.get(1));
  }

  /**
   * The causal mask {@code (1, 1, seq, seq)}: position i may attend to positions {@code <= i}
   * (Radford et al., 2018/2019, GPT). Float32, in the given manager.
   */
  public static NDArray causal(NDManager manager, long seq) {
    NDArray i = manager.arange(0f, (float) seq, 1f, DataType.FLOAT32).reshape(seq, 1);
    NDArray j = manager.arange(0f, (float) seq, 1f, DataType.FLOAT32).reshape(1, seq);
    NDArray allowed = j.lte(i).toType(DataType.FLOAT32, false);
    return allowed.sub(1f).mul(Float.MAX_VALUE).reshape(1, 1, seq, seq);
  }
}
