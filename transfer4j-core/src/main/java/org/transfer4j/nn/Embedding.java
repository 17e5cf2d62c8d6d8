package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * A lookup table {@code weight} of shape {@code (num, dim)} like PyTorch's {@code nn.Embedding}.
 *
 * <pre>{@code
 * Embedding words = new Embedding(manager, 30522, 768, 0.02f);
 * NDArray e = words.forward(inputIds); // (batch, seq) int64 -> (batch, seq, 768)
 * }</pre>
 */
public final class Embedding extends Module {
  private final Parameter weight;

  public Embedding(NDManager manager, int num, int dim, float std) {
    if (num <= 0 || dim <= 0) {
      throw new IllegalArgumentException(
          "embedding sizes must be positive, got " + num + " x " + dim);
    }
    weight = addParameter("weight", Init.truncatedNormal(manager, new Shape(num, dim), std));
  }

  public Parameter weight() {
    return weight;
  }

  public long num() {
    return weight.shape().get(0);
  }

  /** {@code ids}: any shape, int64; returns {@code (..., dim)} in ids' manager. */
  public NDArray forward(NDArray ids) {
    NDArray idx = ids.getDataType() == DataType.INT64 ? ids : ids.toType(DataType.INT64, false);
    return idx.getNDArrayInternal()
        .embedding(idx, weight.value(), SparseFormat.DENSE)
        .singletonOrThrow();
  }
}
