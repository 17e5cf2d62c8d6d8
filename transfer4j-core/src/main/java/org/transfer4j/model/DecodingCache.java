package org.transfer4j.model;

import ai.djl.ndarray.NDArray;

/**
 * The past attention keys and values a {@link CausalLm} keeps between decoding steps (Hugging
 * Face's {@code past_key_values}), whatever holds them: {@link org.transfer4j.nn.KvCache} on
 * PyTorch, ONNX Runtime tensors for an exported model. A generator only creates one with {@link
 * CausalLm#newCache}, passes it back to the model, reorders it for beam search and closes it.
 *
 * <pre>{@code
 * try (DecodingCache cache = model.newCache(manager, batch, promptLength + maxNewTokens)) {
 *   NDArray logits = model.nextTokenLogits(promptIds, cache); // caches the prompt
 *   ...                                                      // then one token per call
 * }
 * }</pre>
 */
public interface DecodingCache extends AutoCloseable {
  /** Positions cached so far. */
  int length();

  /**
   * Reorders the batch rows (beam search: row {@code i} becomes old row {@code index[i]}); {@code
   * index} is an int64 vector of length batch.
   */
  void reorder(NDArray index);

  @Override
  void close();
}
