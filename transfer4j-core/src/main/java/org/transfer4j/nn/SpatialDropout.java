package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Spatial dropout over a sequence (Tompson et al., 2015; Keras's {@code SpatialDropout1D}): in
 * training each whole feature channel of a sequence is zeroed with probability {@code rate} for
 * every position at once, the rest scaled by {@code 1 / (1 - rate)}; neighbouring word vectors are
 * strongly correlated, so element-wise dropout would barely regularise them.
 *
 * <pre>{@code
 * x = SpatialDropout.apply(x, 0.2f, isTraining()); // (batch, seq, dim)
 * }</pre>
 */
public final class SpatialDropout {
  private SpatialDropout() {}

  /** {@code x (batch, seq, features)}; x itself when not training or rate is 0. */
  public static NDArray apply(NDArray x, float rate, boolean training) {
    if (!training || rate <= 0f) {
      return x;
    }
    if (rate >= 1f) {
      return x.zerosLike();
    }
    Shape s = x.getShape();
    NDArray keep =
        x.getManager()
            .randomUniform(0f, 1f, new Shape(s.get(0), 1, s.get(2)), DataType.FLOAT32)
            .gte(rate)
            .toType(DataType.FLOAT32, false)
            .div(1f - rate); // (batch, 1, features), no gradient: plain number ops are safe
    return x.mul(keep);
  }
}
