package org.transfer4j.model.onnx;

import java.util.Map;
import org.transfer4j.io.onnx.OnnxGraphBuilder;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.model.StateDict;

/**
 * A model's weights by their Hugging Face checkpoint names (fused query/key/value parts and tied
 * aliases included, see {@link StateDict}), copied out of the engine as float arrays and added to
 * an ONNX graph as initializers under the same names.
 *
 * <pre>{@code
 * ModelWeights w = new ModelWeights(model, builder);
 * String table = w.add("bert.embeddings.word_embeddings.weight"); // (vocab, hidden)
 * String wt = w.addTransposed("bert.pooler.dense.weight"); // (in, out), for MatMul
 * }</pre>
 */
public final class ModelWeights {
  private final Map<String, StateDict.Slot> slots;
  private final OnnxGraphBuilder builder;

  public ModelWeights(PretrainedModel model, OnnxGraphBuilder builder) {
    this.slots = StateDict.slots(model);
    this.builder = builder;
  }

  /** Whether the model has a tensor of that checkpoint name. */
  public boolean has(String name) {
    return slots.containsKey(name);
  }

  /** The tensor's shape, as in the checkpoint. */
  public long[] shape(String name) {
    return slot(name).shape().getShape();
  }

  /** The tensor's values, row-major, as in the checkpoint (one part of a fused parameter). */
  public float[] values(String name) {
    StateDict.Slot s = slot(name);
    float[] all = s.parameter().value().toFloatArray();
    if (s.parts() == 1) {
      return all;
    }
    int n = all.length / s.parts();
    float[] part = new float[n];
    System.arraycopy(all, s.part() * n, part, 0, n);
    return part;
  }

  /** Adds the tensor as an initializer of the same name (once); returns the name. */
  public String add(String name) {
    if (!added(name)) {
      builder.initializer(name, values(name), shape(name));
    }
    return name;
  }

  /**
   * Adds a PyTorch {@code Linear} weight {@code (out, in)} transposed to {@code (in, out)}, the
   * right operand of {@code MatMul}, as PyTorch's exporter does; returns its name ({@code name}
   * with a {@code .T} suffix, so the importer and readers see which tensor it came from).
   */
  public String addTransposed(String name) {
    String t = name + ".T";
    if (!added(t)) {
      long[] s = shape(name);
      int out = (int) s[0];
      int in = (int) s[1];
      float[] w = values(name);
      float[] wt = new float[w.length];
      // A blocked transpose would be faster, but this runs once per export.
      for (int r = 0; r < out; r++) {
        for (int c = 0; c < in; c++) {
          wt[c * out + r] = w[r * in + c];
        }
      }
      builder.initializer(t, wt, in, out);
    }
    return t;
  }

  private final java.util.Set<String> done = new java.util.HashSet<>();

  private boolean added(String name) {
    return !done.add(name);
  }

  private StateDict.Slot slot(String name) {
    StateDict.Slot s = slots.get(name);
    if (s == null) {
      throw new IllegalArgumentException("the model has no tensor named " + name);
    }
    return s;
  }
}
