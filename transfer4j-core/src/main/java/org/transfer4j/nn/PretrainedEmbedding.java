package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * A word embedding {@code weight (vocab, dim)} that starts from pretrained vectors and is either
 * trained (fine-tuned; give it its own rate with {@code --lr-scale weight_embedding=0.1}-style
 * rules on its name) or frozen: a frozen table is read through {@code stopGradient}, so it gets no
 * gradient and no optimizer (weight decay included) ever touches it. Row 0 is the padding row.
 *
 * <pre>{@code
 * PretrainedEmbedding e = new PretrainedEmbedding(manager, matrix, vocab, 300, true);
 * NDArray x = e.forward(ids); // (batch, seq) -> (batch, seq, 300)
 * }</pre>
 */
public final class PretrainedEmbedding extends Module {
  private final Parameter weight;
  private final boolean frozen;

  /** {@code values}: {@code vocab * dim} row-major floats, or null for zeros (to be loaded). */
  public PretrainedEmbedding(
      NDManager manager, float[] values, int vocab, int dim, boolean frozen) {
    if (vocab <= 0 || dim <= 0) {
      throw new IllegalArgumentException("embedding sizes must be positive");
    }
    NDArray w =
        values == null
            ? manager.zeros(new Shape(vocab, dim), DataType.FLOAT32)
            : manager.create(values, new Shape(vocab, dim));
    weight = addParameter("weight", w);
    this.frozen = frozen;
  }

  public Parameter weight() {
    return weight;
  }

  public boolean frozen() {
    return frozen;
  }

  public int dim() {
    return (int) weight.shape().get(1);
  }

  /** {@code ids} int64 {@code (batch, seq)} to {@code (batch, seq, dim)} in ids' manager. */
  public NDArray forward(NDArray ids) {
    NDArray idx = ids.getDataType() == DataType.INT64 ? ids : ids.toType(DataType.INT64, false);
    NDArray table = weight.value();
    if (frozen) {
      table = table.stopGradient();
      table.attach(ids.getManager());
    }
    return idx.getNDArrayInternal().embedding(idx, table, SparseFormat.DENSE).singletonOrThrow();
  }
}
