package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Weight initialisation as in BERT (Devlin et al., 2019): weights from a normal distribution with
 * standard deviation {@code initializer_range} truncated at two standard deviations (the original
 * TensorFlow code's {@code truncated_normal_initializer}), biases zero, LayerNorm ones and zeros.
 *
 * <pre>{@code
 * Init.initialize(model, 0.02f); // every Linear, Embedding, LayerNorm in the tree
 * }</pre>
 */
public final class Init {
  private Init() {}

  /**
   * Normal(0, std) samples re-drawn until all lie within two standard deviations. DJL's PyTorch
   * engine has no truncated normal, so out-of-range entries are resampled (each round keeps ~95%).
   */
  public static NDArray truncatedNormal(NDManager manager, Shape shape, float std) {
    NDArray x = manager.randomNormal(0f, std, shape, DataType.FLOAT32);
    for (int round = 0; round < 64; round++) {
      try (NDManager tmp = manager.newSubManager()) {
        NDArray abs = x.abs();
        abs.attach(tmp);
        NDArray outside = abs.gt(2f * std);
        outside.attach(tmp);
        if (!outside.any().getBoolean()) {
          break;
        }
        NDArray fresh = tmp.randomNormal(0f, std, shape, DataType.FLOAT32);
        NDArray next = NDArrays.where(outside, fresh, x);
        next.attach(manager);
        x.close();
        x = next;
      }
    }
    return x;
  }

  /**
   * Re-initialises every {@link Linear} (truncated normal weight, zero bias), {@link Embedding}
   * (truncated normal) and {@link LayerNorm} (ones, zeros) in the tree, tied parameters once.
   */
  public static void initialize(Module root, float std) {
    java.util.Set<Parameter> done =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    initialize(root, std, done);
  }

  private static void initialize(Module m, float std, java.util.Set<Parameter> done) {
    // Children first, so that a parent's hook (padding rows, fixed tables) has the last word.
    for (Module child : m.children().values()) {
      initialize(child, std, done);
    }
    if (m instanceof Linear l) {
      fillNormal(l.weight(), std, done);
      if (l.bias() != null) {
        fill(l.bias(), 0f, done);
      }
    } else if (m instanceof Embedding e) {
      fillNormal(e.weight(), std, done);
    } else if (m instanceof LayerNorm ln) {
      fill(ln.weight(), 1f, done);
      fill(ln.bias(), 0f, done);
    } else if (m instanceof Initializable i) {
      i.initialize(std);
    }
  }

  private static void fillNormal(Parameter p, float std, java.util.Set<Parameter> done) {
    if (done.add(p)) {
      try (NDManager tmp = p.value().getManager().newSubManager()) {
        p.copyFrom(truncatedNormal(tmp, p.shape(), std));
      }
    }
  }

  private static void fill(Parameter p, float v, java.util.Set<Parameter> done) {
    if (done.add(p)) {
      try (NDManager tmp = p.value().getManager().newSubManager()) {
        p.copyFrom(tmp.full(p.shape(), v));
      }
    }
  }

  /**
   * A module with parameters of its own that {@link #initialize} cannot infer, or that adjusts its
   * children after they were initialised.
   */
  public interface Initializable {
    /** Called after the children were initialised. */
    void initialize(float std);
  }
}
