package org.transfer4j.model.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.transfer4j.nn.Module;
import org.transfer4j.nn.Parameter;

/** Layer normalisation over the last axis with {@code weight} and {@code bias}. */
final class LayerNorm extends Module {
  private final Parameter weight;
  private final Parameter bias;
  private final float eps;
  private final Shape normalized;

  LayerNorm(NDManager manager, int size, float eps) {
    weight = addParameter("weight", manager.ones(new Shape(size)));
    bias = addParameter("bias", manager.zeros(new Shape(size)));
    this.eps = eps;
    this.normalized = new Shape(size);
  }

  NDArray forward(NDArray x) {
    return ai.djl.nn.norm.LayerNorm.layerNorm(x, normalized, weight.value(), bias.value(), eps)
        .singletonOrThrow();
  }
}
