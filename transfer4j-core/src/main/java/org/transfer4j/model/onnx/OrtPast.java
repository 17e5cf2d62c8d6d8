package org.transfer4j.model.onnx;

import ai.djl.ndarray.NDArray;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.transfer4j.engine.OnnxSession;
import org.transfer4j.model.DecodingCache;
import org.transfer4j.model.gpt2.Gpt2Config;

/**
 * GPT-2's past keys and values as ONNX Runtime tensors, {@code (batch, n_head, past, head_dim)} per
 * layer: the {@code present.*} outputs of the last step, which the next step takes as its {@code
 * past_key_values.*} inputs as they are (no copy through Java). It starts with zero-length tensors,
 * so the prompt runs through the same graph. Made by {@link Gpt2OnnxLm#newCache}.
 *
 * <pre>{@code
 * try (OrtPast past = lm.newCache(manager, 1, 64)) {
 *   lm.nextTokenLogits(prompt, past); // past.length() = prompt length
 *   lm.nextTokenLogits(next, past); // + 1
 * }
 * }</pre>
 */
public final class OrtPast implements DecodingCache {
  private final OnnxSession session;
  private final int layers;
  private final OnnxTensorLike[] keys;
  private final OnnxTensorLike[] values;
  // What holds keys and values: the last run's outputs, or tensors made here (the first step's
  // empty ones, beam-reordered ones), which the session closes once they have been run.
  private OnnxSession.Outputs outputs;
  private final List<OnnxTensor> made = new ArrayList<>();
  private int length;

  OrtPast(OnnxSession session, Gpt2Config c, long batch) {
    this.session = session;
    this.layers = c.nLayer();
    this.keys = new OnnxTensorLike[layers];
    this.values = new OnnxTensorLike[layers];
    long[] shape = {batch, c.nHead(), 0, c.headDim()};
    for (int i = 0; i < layers; i++) {
      keys[i] = make(new float[0], shape);
      values[i] = make(new float[0], shape);
    }
  }

  @Override
  public int length() {
    return length;
  }

  /** Puts the past into a run's inputs under the export's names. */
  void addTo(Map<String, OnnxTensorLike> inputs) {
    for (int i = 0; i < layers; i++) {
      inputs.put("past_key_values." + i + ".key", keys[i]);
      inputs.put("past_key_values." + i + ".value", values[i]);
    }
  }

  /** Takes the presents of {@code out} (and ownership of it) after {@code t} new positions. */
  void advance(OnnxSession.Outputs out, int t) {
    release();
    outputs = out;
    for (int i = 0; i < layers; i++) {
      keys[i] = out.tensor("present." + i + ".key");
      values[i] = out.tensor("present." + i + ".value");
    }
    length += t;
  }

  /**
   * Beam search: row {@code i} becomes old row {@code index[i]}. Copies each layer's rows through
   * Java in bulk (one {@code put} per row); beams are reordered once per step.
   */
  @Override
  public void reorder(NDArray index) {
    long[] source = index.toLongArray();
    List<OnnxTensor> gathered = new ArrayList<>(2 * layers); // keys, values, keys, values...
    try {
      for (int i = 0; i < layers; i++) {
        gathered.add(gather((OnnxTensor) keys[i], source));
        gathered.add(gather((OnnxTensor) values[i], source));
      }
    } catch (RuntimeException e) {
      gathered.forEach(OnnxTensor::close);
      throw e;
    }
    release();
    made.addAll(gathered);
    for (int i = 0; i < layers; i++) {
      keys[i] = gathered.get(2 * i);
      values[i] = gathered.get(2 * i + 1);
    }
  }

  private OnnxTensor gather(OnnxTensor t, long[] source) {
    long[] shape = t.getInfo().getShape(); // (batch, heads, past, headDim)
    int row = (int) (shape[1] * shape[2] * shape[3]);
    FloatBuffer from = t.getFloatBuffer();
    float[] to = new float[source.length * row];
    for (int r = 0; r < source.length; r++) {
      from.position((int) source[r] * row);
      from.get(to, r * row, row);
    }
    shape[0] = source.length;
    return session.floats(to, shape);
  }

  private OnnxTensor make(float[] data, long[] shape) {
    OnnxTensor t = session.floats(data, shape);
    made.add(t);
    return t;
  }

  private void release() {
    if (outputs != null) {
      outputs.close();
      outputs = null;
    }
    for (OnnxTensor t : made) {
      if (!t.isClosed()) {
        t.close();
      }
    }
    made.clear();
  }

  @Override
  public void close() {
    release();
  }
}
