package org.transfer4j.embed;

/**
 * The runtime behind a {@link SentenceEncoder}: padded token batches in, pooled (and, when asked,
 * L2-normalised) sentence vectors out. {@link TorchSentenceBackend} runs the encoder on PyTorch,
 * {@link OnnxSentenceBackend} its ONNX export on ONNX Runtime.
 *
 * <pre>{@code
 * float[] v = backend.vectors(ids, mask, 2, 7); // 2 * dimension floats
 * }</pre>
 */
interface SentenceBackend extends AutoCloseable {
  /**
   * @param ids {@code (rows, seq)} token ids, padded
   * @param mask {@code (rows, seq)}, 1 for real tokens
   * @return {@code rows * dimension} floats, row-major
   */
  float[] vectors(long[] ids, long[] mask, int rows, int seq);

  /** {@code onnx} or {@code torch}. */
  String engine();

  @Override
  void close();
}
