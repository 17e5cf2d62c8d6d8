package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Layer normalisation over the last axis (Ba et al., 2016, "Layer Normalization"), with PyTorch's
 * parameter names {@code weight} (gamma, initialised to ones) and {@code bias} (beta, zeros).
 *
 * <pre>{@code
 * LayerNorm ln = new LayerNorm(manager, 768, 1e-12f);
 * NDArray y = ln.forward(x); // (batch, seq, 768)
 * }</pre>
 */
public final class LayerNorm extends Module {
  private final Parameter weight;
  private final Parameter bias;
  private final int size;
  private final float eps;

  public LayerNorm(NDManager manager, int size, float eps) {
    if (size <= 0) {
      throw new IllegalArgumentException("LayerNorm size must be positive, got " + size);
    }
    if (!(eps > 0)) {
      throw new IllegalArgumentException("LayerNorm eps must be positive, got " + eps);
    }
    this.size = size;
    this.eps = eps;
    weight = addParameter("weight", manager.ones(new Shape(size)));
    bias = addParameter("bias", manager.zeros(new Shape(size)));
  }

  public Parameter weight() {
    return weight;
  }

  public Parameter bias() {
    return bias;
  }

  public float eps() {
    return eps;
  }

  /**
   * {@code x}: {@code (..., size)}, normalised over the last axis; the result belongs to x's
   * manager.
   */
  public NDArray forward(NDArray x) {
    return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(size), weight.value(), bias.value(), eps)
        .singletonOrThrow();
  }
}
