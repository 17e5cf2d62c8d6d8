package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;

/**
 * Inverted dropout (Srivastava et al., 2014): in training, zero each element with probability
 * {@code rate} and scale the rest by {@code 1 / (1 - rate)}; in evaluation the identity.
 *
 * <pre>{@code
 * x = Dropout.apply(x, 0.1f, isTraining());
 * }</pre>
 */
public final class Dropout {
  private Dropout() {}

  /** Returns x unchanged when not training or when rate is 0; else a new array in x's manager. */
  public static NDArray apply(NDArray x, float rate, boolean training) {
    if (!training || rate <= 0f) {
      return x;
    }
    if (rate >= 1f) {
      return x.zerosLike();
    }
    return x.getNDArrayInternal().dropout(x, rate, true).singletonOrThrow();
  }
}
