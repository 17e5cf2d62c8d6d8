package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A fully connected layer with PyTorch's layout: {@code weight} is {@code [out, in]}, {@code y = x
 * W^T + b}. Initialised like Hugging Face BERT: normal(0, std) weights, zero bias.
 */
public final class Linear extends Module {
  private final Parameter weight;
  private final Parameter bias;

  public Linear(NDManager manager, int in, int out, boolean withBias, float std) {
    weight =
        addParameter(
            "weight",
            manager.randomNormal(
                0f, std, new Shape(out, in), ai.djl.ndarray.types.DataType.FLOAT32));
    bias = withBias ? addParameter("bias", manager.zeros(new Shape(out))) : null;
  }

  public Parameter weight() {
    return weight;
  }

  /** The bias, or {@code null} when the layer has none. */
  public Parameter bias() {
    return bias;
  }

  /** {@code x}: {@code (..., in)} to {@code (..., out)}; the result belongs to x's manager. */
  public NDArray forward(NDArray x) {
    // F.linear keeps the result in x's manager; x.matMul(w.transpose()) would leave the
    // transposed weight in the model's manager on every call.
    return ai.djl.nn.core.Linear.linear(x, weight.value(), bias == null ? null : bias.value())
        .singletonOrThrow();
  }
}
