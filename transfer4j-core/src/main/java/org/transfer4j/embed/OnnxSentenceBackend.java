package org.transfer4j.embed;

import ai.onnxruntime.OnnxTensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.transfer4j.engine.OnnxSession;

/**
 * Sentence vectors on ONNX Runtime: the encoder's export ({@code last_hidden_state}) runs in ONNX
 * Runtime, and the pooling over real tokens and the L2 normalisation run here on the copied-out
 * floats, with the same arithmetic as {@link SentencePooling} and {@code
 * torch.nn.functional.normalize} (a row without real tokens gives zeros).
 *
 * <pre>{@code
 * try (OnnxSentenceBackend b = new OnnxSentenceBackend(session, options, 384)) {
 *   float[] v = b.vectors(ids, mask, rows, seq);
 * }
 * }</pre>
 */
final class OnnxSentenceBackend implements SentenceBackend {
  private final OnnxSession session;
  private final EncoderOptions options;
  private final int dim;
  private final boolean types;

  OnnxSentenceBackend(OnnxSession session, EncoderOptions options, int dim) {
    this.session = session;
    this.options = options;
    this.dim = dim;
    this.types = session.inputNames().contains("token_type_ids");
  }

  @Override
  public float[] vectors(long[] ids, long[] mask, int rows, int seq) {
    Map<String, OnnxTensor> in = new LinkedHashMap<>();
    in.put("input_ids", session.longs(ids, rows, seq));
    in.put("attention_mask", session.longs(mask, rows, seq));
    if (types) {
      in.put("token_type_ids", session.longs(new long[rows * seq], rows, seq));
    }
    float[] hidden;
    try (OnnxSession.Outputs out = session.run(in)) {
      hidden = out.floats("last_hidden_state"); // (rows, seq, dim)
    }
    float[] v = new float[rows * dim];
    for (int r = 0; r < rows; r++) {
      pool(hidden, mask, r, seq, v);
      if (options.normalize()) {
        normalize(v, r * dim);
      }
    }
    return v;
  }

  /** Row {@code r}'s pooled vector into {@code v[r * dim ..]}. */
  private void pool(float[] h, long[] mask, int r, int seq, float[] v) {
    int o = r * dim;
    int base = r * seq * dim;
    switch (options.pooling()) {
      case CLS -> System.arraycopy(h, base, v, o, dim);
      case MEAN -> {
        int n = 0;
        for (int t = 0; t < seq; t++) {
          if (mask[r * seq + t] != 0) {
            n++;
            for (int k = 0, at = base + t * dim; k < dim; k++) {
              v[o + k] += h[at + k];
            }
          }
        }
        float count = Math.max(n, 1);
        for (int k = 0; k < dim; k++) {
          v[o + k] /= count;
        }
      }
      case MAX -> {
        boolean any = false;
        for (int t = 0; t < seq; t++) {
          if (mask[r * seq + t] != 0) {
            for (int k = 0, at = base + t * dim; k < dim; k++) {
              v[o + k] = any ? Math.max(v[o + k], h[at + k]) : h[at + k];
            }
            any = true;
          }
        }
      }
    }
  }

  /** {@code x / max(||x||, 1e-12)} in place, as {@code torch.nn.functional.normalize}. */
  private void normalize(float[] v, int o) {
    double sq = 0;
    for (int k = 0; k < dim; k++) {
      sq += (double) v[o + k] * v[o + k];
    }
    float norm = (float) Math.max(Math.sqrt(sq), 1e-12);
    for (int k = 0; k < dim; k++) {
      v[o + k] /= norm;
    }
  }

  @Override
  public String engine() {
    return "onnx";
  }

  @Override
  public void close() {
    session.close();
  }
}
