package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a Java number that is safe under autograd. DJL's {@code x.mul(2f)}, {@code div},
 * {@code pow}, {@code maximum}, ... wrap the number in a tensor whose storage is a JVM direct
 * buffer (zero copy) and close that tensor as soon as the op returns. PyTorch's autograd keeps the
 * operand for the backward pass ({@code mul} and {@code div} need it for the gradient), so the
 * backward pass then reads memory that the JVM frees whenever the garbage collector runs: the
 * gradient is silently scaled by whatever the allocator put there (finite noise, or an infinite
 * gradient norm), non-deterministically. Here the scalar is allocated by libtorch ({@code
 * torch.full}), whose reference counting keeps it alive for as long as the graph needs it, so the
 * wrapper can be closed at once and nothing is left in any manager.
 *
 * <p>Use these for every op with a number on a tensor that may require a gradient; DJL's number
 * overloads stay fine without autograd (optimizer updates, masks, evaluation).
 *
 * <pre>{@code
 * NDArray q = Scalars.mul(query, 1f / 8f); // instead of query.mul(1f / 8f)
 * NDArray loss = Scalars.div(sum, n);
 * }</pre>
 */
public final class Scalars {
  private Scalars() {}

  /** {@code x * v}; the result belongs to x's manager. */
  public static NDArray mul(NDArray x, double v) {
    try (NDArray s = scalar(x, v)) {
      return x.mul(s);
    }
  }

  /** {@code x / v}; the result belongs to x's manager. */
  public static NDArray div(NDArray x, double v) {
    try (NDArray s = scalar(x, v)) {
      return x.div(s);
    }
  }

  /** {@code x ^ v} element-wise; the result belongs to x's manager. */
  public static NDArray pow(NDArray x, double v) {
    try (NDArray s = scalar(x, v)) {
      return x.pow(s);
    }
  }

  /** {@code max(x, v)} element-wise; the result belongs to x's manager. */
  public static NDArray maximum(NDArray x, double v) {
    try (NDArray s = scalar(x, v)) {
      return x.maximum(s);
    }
  }

  /** A 0-d tensor holding {@code v} in x's data type, in memory owned by libtorch. */
  private static NDArray scalar(NDArray x, double v) {
    return x.getManager().full(new Shape(), (float) v, x.getDataType());
  }
}
