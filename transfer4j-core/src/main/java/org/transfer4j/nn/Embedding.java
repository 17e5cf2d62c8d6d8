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
  private final String limit;

  public Embedding(NDManager manager, int num, int dim, float std) {
    this(manager, num, dim, std, "embedding rows");
  }

  /**
   * @param limit what the table size is called in {@code config.json} ({@code vocab_size}, {@code
   *     max_position_embeddings}), named when an id falls outside the table
   */
  public Embedding(NDManager manager, int num, int dim, float std, String limit) {
    this.limit = limit;
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
    checkRange(idx);
    return idx.getNDArrayInternal()
        .embedding(idx, weight.value(), SparseFormat.DENSE)
        .singletonOrThrow();
  }

  /**
   * PyTorch reports an id outside the table as "index out of range in self", naming neither the id
   * nor the limit; two reductions (negligible next to the lookup) give a message that does.
   */
  private void checkRange(NDArray idx) {
    if (idx.size() == 0) {
      return;
    }
    long lo = idx.min().getLong();
    long hi = idx.max().getLong();
    if (lo < 0 || hi >= num()) {
      if (limit.contains("position")) {
        throw new org.transfer4j.BadInputException(
            "the input has "
                + (hi + 1)
                + " tokens, more than the model's "
                + limit
                + " of "
                + num()
                + "; truncate it to "
                + num()
                + " tokens (--max-length)");
      }
      throw new org.transfer4j.BadInputException(
          "id "
              + (lo < 0 ? lo : hi)
              + " is outside the model's "
              + limit
              + " of "
              + num()
              + " (ids 0.."
              + (num() - 1)
              + "); encode the text with the model's own tokenizer");
    }
  }
}
