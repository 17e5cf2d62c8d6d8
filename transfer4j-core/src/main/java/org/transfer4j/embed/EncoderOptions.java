package org.transfer4j.embed;

import org.transfer4j.engine.InferenceOptions;

/**
 * How a {@link SentenceEncoder} turns texts into vectors.
 *
 * <pre>{@code
 * EncoderOptions o = EncoderOptions.defaults().withPooling(SentencePooling.CLS).withBatchSize(64);
 * }</pre>
 *
 * @param pooling how token vectors become one vector
 * @param normalize divide each vector by its L2 norm, so a dot product is the cosine
 * @param batchSize texts per forward pass
 * @param maxLength tokens per text, {@code [CLS]} and {@code [SEP]} included; longer texts are
 *     truncated (and counted); 0 means the model's {@code max_position_embeddings}
 * @param inference the engine (ONNX Runtime by default for BERT and DistilBERT) and its threads
 */
public record EncoderOptions(
    SentencePooling pooling,
    boolean normalize,
    int batchSize,
    int maxLength,
    InferenceOptions inference) {
  /** With the default engine choice ({@link InferenceOptions#defaults()}). */
  public EncoderOptions(SentencePooling pooling, boolean normalize, int batchSize, int maxLength) {
    this(pooling, normalize, batchSize, maxLength, InferenceOptions.defaults());
  }

  public EncoderOptions {
    if (inference == null) {
      inference = InferenceOptions.defaults();
    }
    if (pooling == null) {
      throw new IllegalArgumentException("pooling must not be null; use mean, cls or max");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (maxLength != 0 && maxLength < 3) {
      throw new IllegalArgumentException(
          "max length must be 0 (the model's maximum) or at least 3 ([CLS], one token, [SEP]), got "
              + maxLength);
    }
  }

  /** Mean pooling, L2-normalised, batches of 32, the model's maximum length. */
  public static EncoderOptions defaults() {
    return new EncoderOptions(SentencePooling.MEAN, true, 32, 0);
  }

  public EncoderOptions withPooling(SentencePooling p) {
    return new EncoderOptions(p, normalize, batchSize, maxLength, inference);
  }

  public EncoderOptions withNormalize(boolean n) {
    return new EncoderOptions(pooling, n, batchSize, maxLength, inference);
  }

  public EncoderOptions withBatchSize(int b) {
    return new EncoderOptions(pooling, normalize, b, maxLength, inference);
  }

  public EncoderOptions withMaxLength(int m) {
    return new EncoderOptions(pooling, normalize, batchSize, m, inference);
  }

  /** Runs on the given engine ({@code --engine}, {@code --threads}). */
  public EncoderOptions withInference(InferenceOptions i) {
    return new EncoderOptions(pooling, normalize, batchSize, maxLength, i);
  }
}
