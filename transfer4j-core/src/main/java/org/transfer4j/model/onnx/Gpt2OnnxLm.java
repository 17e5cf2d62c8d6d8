package org.transfer4j.model.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.transfer4j.engine.OnnxSession;
import org.transfer4j.engine.OnnxSessionOptions;
import org.transfer4j.model.CausalLm;
import org.transfer4j.model.DecodingCache;
import org.transfer4j.model.gpt2.Gpt2Config;

/**
 * A GPT-2 causal LM exported to ONNX ({@link Gpt2OnnxExporter}) running on ONNX Runtime, as a
 * {@link CausalLm}: the {@link org.transfer4j.generate.Generator} drives it exactly as it drives
 * the PyTorch model (greedy, sampling, beam search, the logits processors), only the forward pass
 * runs in ONNX Runtime. With the cache, each step feeds the last step's {@code present.*} outputs
 * back as its {@code past_key_values.*} inputs without copying them out of ONNX Runtime ({@link
 * OrtPast}); only the last position's logits come back to Java, one bulk copy per row.
 *
 * <pre>{@code
 * try (Gpt2OnnxLm lm = Gpt2OnnxLm.open(dir, OnnxSessionOptions.defaults())) { // config.json + model.onnx
 *   long[][] out = new Generator(lm).generate(new long[][] {{464, 3290}}, GenerationConfig.greedy(20));
 * }
 * }</pre>
 */
public final class Gpt2OnnxLm implements CausalLm, AutoCloseable {
  private final OnnxSession session;
  private final Gpt2Config config;
  private final NDManager manager;

  /**
   * Wraps a session of an export of {@code config}'s model, checking its inputs and outputs against
   * the config first ({@link Gpt2OnnxSignature}); takes ownership of the session.
   */
  public Gpt2OnnxLm(OnnxSession session, Gpt2Config config) {
    Gpt2OnnxSignature.check(session, config);
    this.session = session;
    this.config = config;
    this.manager = NDManager.newBaseManager();
  }

  /**
   * Opens {@code dir/model.onnx} with {@code dir/config.json}; a missing, malformed or mismatched
   * file is a {@link org.transfer4j.BadInputException} naming it.
   */
  public static Gpt2OnnxLm open(Path dir, OnnxSessionOptions options) throws IOException {
    Gpt2Config config = Gpt2Config.read(dir);
    OnnxSession s = OnnxSession.open(dir.resolve(OnnxExport.FILE), options);
    try {
      return new Gpt2OnnxLm(s, config);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  public Gpt2Config config() {
    return config;
  }

  @Override
  public int vocabSize() {
    return config.vocabSize();
  }

  @Override
  public int maxPositions() {
    return config.nPositions();
  }

  @Override
  public NDManager manager() {
    return manager;
  }

  /** Nothing to switch: the exported graph has no dropout. */
  @Override
  public void train(boolean on) {}

  @Override
  public OrtPast newCache(NDManager ignored, int batch, int capacity) {
    return new OrtPast(session, config, batch);
  }

  @Override
  public NDArray nextTokenLogits(
      NDArray inputIds, NDArray attentionMask, NDArray positionIds, DecodingCache cache) {
    if (cache != null && !(cache instanceof OrtPast)) {
      throw new IllegalArgumentException(
          "a GPT-2 on ONNX Runtime needs the cache its newCache made, got " + cache.getClass());
    }
    // Without a cache (full recompute) every call starts from an empty past.
    try (OrtPast scratch =
        cache == null ? newCache(null, (int) inputIds.getShape().get(0), 0) : null) {
      OrtPast past = cache == null ? scratch : (OrtPast) cache;
      return run(inputIds, attentionMask, positionIds, past);
    }
  }

  private NDArray run(NDArray inputIds, NDArray attentionMask, NDArray positionIds, OrtPast past) {
    int batch = (int) inputIds.getShape().get(0);
    int t = (int) inputIds.getShape().get(1);
    int total = past.length() + t;
    long[] mask = attentionMask != null ? attentionMask.toLongArray() : ramp(batch, total, 1, 0);
    if (mask.length != (long) batch * total) {
      throw new IllegalArgumentException(
          "attention_mask covers " + mask.length / batch + " positions but past + new = " + total);
    }
    long[] positions =
        positionIds != null ? positionIds.toLongArray() : ramp(batch, t, past.length(), 1);
    Map<String, OnnxTensorLike> inputs = new HashMap<>();
    inputs.put("input_ids", session.longs(inputIds.toLongArray(), batch, t));
    inputs.put("attention_mask", session.longs(mask, batch, total));
    inputs.put("position_ids", session.longs(positions, batch, t));
    past.addTo(inputs);
    OnnxSession.Outputs out = session.run(inputs); // closes the tensors made above
    float[] last;
    try {
      last = lastPosition(out.tensor("logits"), batch, t);
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
    past.advance(out, t); // owns the outputs now
    return inputIds.getManager().create(last, new Shape(batch, config.vocabSize()));
  }

  /** The logits of each row's last position, {@code (batch * vocab)}, one bulk copy per row. */
  private float[] lastPosition(OnnxTensor logits, int batch, int t) {
    int vocab = config.vocabSize();
    FloatBuffer all = logits.getFloatBuffer(); // (batch, t, vocab)
    float[] out = new float[batch * vocab];
    for (int b = 0; b < batch; b++) {
      all.position((b * t + t - 1) * vocab);
      all.get(out, b * vocab, vocab);
    }
    return out;
  }

  /** {@code rows} rows of {@code start, start + step, ...}. */
  private static long[] ramp(int rows, int cols, long start, long step) {
    long[] out = new long[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < cols; i++) {
        out[r * cols + i] = start + i * step;
      }
    }
    return out;
  }

  @Override
  public void close() {
    try {
      session.close();
    } finally {
      manager.close();
    }
  }
}
