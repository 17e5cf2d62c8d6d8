package org.transfer4j.model.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.transfer4j.nn.Init;
import org.transfer4j.nn.Module;
import org.transfer4j.nn.Parameter;

/**
 * GPT-2's "Conv1D": a fully connected layer whose weight is stored {@code [in, out]}, so {@code y =
 * x W + b} (the transpose of PyTorch's {@code nn.Linear}). OpenAI's original TensorFlow code used a
 * 1x1 convolution, and the Hugging Face checkpoints keep that layout; we keep it too so that
 * weights load and save without transposing.
 */
public final class Conv1D extends Module implements Init.Initializable {
  private final Parameter weight;
  private final Parameter bias;
  private final float std;
  private NDArray inferenceWeightT; // (out, in) view of the weight while generating, else null

  /** Weights normal(0, std), zero bias, as in Hugging Face's GPT-2 initialisation. */
  public Conv1D(NDManager manager, int in, int out, float std) {
    this.std = std;
    weight =
        addParameter("weight", manager.randomNormal(0f, std, new Shape(in, out), DataType.FLOAT32));
    bias = addParameter("bias", manager.zeros(new Shape(out)));
  }

  /** Re-draws the weights with this layer's own std (residual projections use a smaller one). */
  @Override
  public void initialize(float ignoredStd) {
    try (NDManager tmp = weight.value().getManager().newSubManager()) {
      weight.copyFrom(tmp.randomNormal(0f, std, weight.shape(), DataType.FLOAT32));
      bias.copyFrom(tmp.zeros(bias.shape()));
    }
  }

  public Parameter weight() {
    return weight;
  }

  public Parameter bias() {
    return bias;
  }

  /** {@code x}: {@code (..., in)} to {@code (..., out)}; the result belongs to x's manager. */
  public NDArray forward(NDArray x) {
    // One fused addmm (bias + x W) instead of a matmul and an add: F.linear computes x A^T + b,
    // and with A the transposed view of W (no copy) that is x W + b. The view is owned by x's
    // (step) manager so that it is freed with the step, not kept alive by the model.
    if (inferenceWeightT != null && !isTraining()) {
      return ai.djl.nn.core.Linear.linear(x, inferenceWeightT, bias.value()).singletonOrThrow();
    }
    NDArray transposed = weight.value().transpose();
    transposed.attach(x.getManager());
    return ai.djl.nn.core.Linear.linear(x, transposed, bias.value()).singletonOrThrow();
  }

  /**
   * Keeps the transposed view of the weight in {@code manager} (freed with it) for decoding, which
   * saves creating and freeing one view per call: a decoding step is a few hundred small
   * operations, each costing microseconds of JNI and bookkeeping. The view shares the weight's
   * storage; the weight must not be replaced until {@link #endInference}.
   */
  void beginInference(NDManager manager) {
    inferenceWeightT = weight.value().transpose();
    inferenceWeightT.attach(manager);
  }

  void endInference() {
    inferenceWeightT = null;
  }
}
