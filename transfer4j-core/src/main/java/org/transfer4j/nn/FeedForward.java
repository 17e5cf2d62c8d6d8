package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The position-wise feed-forward network (Vaswani et al., 2017, section 3.3): {@code
 * dropout(lin2(act(lin1(x))))}, with the sub-layer names chosen by the caller (DistilBERT's {@code
 * ffn.lin1}, {@code ffn.lin2}).
 *
 * <pre>{@code
 * FeedForward ffn = new FeedForward(m, 768, 3072, Activation.GELU, 0.1f, 0.02f, "lin1", "lin2");
 * NDArray y = ffn.forward(x); // (batch, seq, 768)
 * }</pre>
 */
public final class FeedForward extends Module {
  private final Linear lin1;
  private final Linear lin2;
  private final Activation activation;
  private final float dropout;

  public FeedForward(
      NDManager manager,
      int hidden,
      int inner,
      Activation activation,
      float dropout,
      float std,
      String name1,
      String name2) {
    lin1 = addModule(name1, new Linear(manager, hidden, inner, true, std));
    lin2 = addModule(name2, new Linear(manager, inner, hidden, true, std));
    this.activation = activation;
    this.dropout = dropout;
  }

  /** {@code (..., hidden)} to {@code (..., hidden)}. */
  public NDArray forward(NDArray x) {
    NDArray h = activation.apply(lin1.forward(x));
    return Dropout.apply(lin2.forward(h), dropout, isTraining());
  }
}
