package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * ELMo's scalar mix (Peters et al., 2018, equation 1): {@code gamma * sum_j softmax(s)_j * h_j}
 * over the layers {@code h_0 .. h_L} of a frozen encoder (embeddings included), with one learned
 * scalar {@code s_j} per layer and a learned scale {@code gamma}. Starts as the plain mean ({@code
 * s = 0}, {@code gamma = 1}), as AllenNLP's {@code ScalarMix}; parameter names are AllenNLP's.
 *
 * <pre>{@code
 * ScalarMix mix = new ScalarMix(manager, 7);
 * NDArray x = mix.forward(layers); // (batch, words, 7, dim) -> (batch, words, dim)
 * }</pre>
 */
public final class ScalarMix extends Module {
  private final int layers;
  private final Parameter scalars;
  private final Parameter gamma;

  public ScalarMix(NDManager manager, int layers) {
    if (layers <= 0) {
      throw new IllegalArgumentException("a scalar mix needs at least one layer");
    }
    this.layers = layers;
    scalars = addParameter("scalar_parameters", manager.zeros(new Shape(layers)));
    gamma = addParameter("gamma", manager.ones(new Shape(1)));
  }

  public int layers() {
    return layers;
  }

  /** The normalised layer weights {@code softmax(s)}, {@code (layers)}, in {@code m}. */
  public NDArray weights(NDManager m) {
    return m.zeros(new Shape(layers)).add(scalars.value()).softmax(0);
  }

  /**
   * Mixes stacked layers.
   *
   * @param h {@code (..., layers, dim)}
   * @return {@code (..., dim)}
   */
  public NDArray forward(NDArray h) {
    NDManager m = h.getManager();
    int axis = h.getShape().dimension() - 2;
    NDArray w = weights(m).mul(gamma.value()); // (layers)
    // (..., layers, dim) * (layers, 1), summed over the layers
    return h.mul(w.reshape(layers, 1)).sum(new int[] {axis});
  }
}
