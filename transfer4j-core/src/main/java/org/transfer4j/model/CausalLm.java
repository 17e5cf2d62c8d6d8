package org.transfer4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A decoder-only language model as a generator drives it: next-token logits for new tokens, with or
 * without a key/value cache. Implemented by {@link org.transfer4j.model.gpt2.Gpt2LMHeadModel} (on
 * PyTorch) and {@link org.transfer4j.model.onnx.Gpt2OnnxLm} (an ONNX export on ONNX Runtime).
 */
public interface CausalLm {
  /** Vocabulary size: the width of the logits. */
  int vocabSize();

  /** The longest sequence (prompt plus generated tokens) the model accepts. */
  int maxPositions();

  /** The manager that owns the weights; generation scopes its work in sub-managers of it. */
  NDManager manager();

  /** Switches dropout off (generation) or on (training). */
  void train(boolean on);

  /**
   * Logits of the last position {@code (batch, vocab)}, in inputIds' manager.
   *
   * @param inputIds {@code (batch, t)} int64: the whole sequence without a cache, else the tokens
   *     after the cached ones
   * @param cache the cache to read and extend, or {@code null} for a full recompute
   */
  default NDArray nextTokenLogits(NDArray inputIds, DecodingCache cache) {
    return nextTokenLogits(inputIds, null, null, cache);
  }

  /**
   * As {@link #nextTokenLogits(NDArray, DecodingCache)} for left-padded batches.
   *
   * @param attentionMask {@code (batch, past + t)}: 1 for tokens, 0 for padding; or {@code null}
   * @param positionIds {@code (batch, t)} positions of the new tokens; or {@code null} for {@code
   *     past, past + 1, ...}
   */
  NDArray nextTokenLogits(
      NDArray inputIds, NDArray attentionMask, NDArray positionIds, DecodingCache cache);

  /**
   * Called by a generator before a decoding run: the model may build inference-only copies of its
   * weights in {@code manager} (freed with it) and use them until {@link #endInference}. The
   * weights must not change in between. Default: nothing.
   */
  default void beginInference(NDManager manager) {}

  /** Ends what {@link #beginInference} started. */
  default void endInference() {}

  /** An empty cache for {@code batch} sequences of up to {@code capacity} positions. */
  DecodingCache newCache(NDManager manager, int batch, int capacity);
}
