package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A 1-D convolution over time in PyTorch's layout: {@code weight (out, in, width)}, {@code bias
 * (out)}, stride 1, no padding; initialised as PyTorch, uniform in (-1/sqrt(in*width), ...).
 *
 * <pre>{@code
 * Conv1d conv = new Conv1d(manager, 300, 100, 3);
 * NDArray y = conv.forward(x); // (batch, seq, 300) -> (batch, seq - 2, 100)
 * }</pre>
 */
public final class Conv1d extends Module {
  private final Parameter weight;
  private final Parameter bias;
  private final int width;

  public Conv1d(NDManager manager, int in, int out, int width) {
    if (in <= 0 || out <= 0 || width <= 0) {
      throw new IllegalArgumentException("conv sizes must be positive");
    }
    this.width = width;
    float k = (float) (1 / Math.sqrt((double) in * width));
    weight =
        addParameter(
            "weight", manager.randomUniform(-k, k, new Shape(out, in, width), DataType.FLOAT32));
    bias = addParameter("bias", manager.randomUniform(-k, k, new Shape(out), DataType.FLOAT32));
  }

  public int width() {
    return width;
  }

  public Parameter weight() {
    return weight;
  }

  /**
   * {@code x (batch, seq, in)}, seq at least width; returns {@code (batch, seq - width + 1, out)}.
   */
  public NDArray forward(NDArray x) {
    NDArray ncw = x.transpose(0, 2, 1); // (batch, in, seq)
    NDArray y =
        ai.djl.nn.convolutional.Conv1d.conv1d(
                ncw, weight.value(), bias.value(), new Shape(1), new Shape(0), new Shape(1), 1)
            .singletonOrThrow(); // (batch, out, seq - width + 1)
    return y.transpose(0, 2, 1);
  }
}
