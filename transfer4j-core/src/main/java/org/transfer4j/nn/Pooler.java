package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * BERT's pooler (Devlin et al., 2019, section 3): {@code tanh(dense(h[:, 0]))}, the sentence
 * representation taken from the first ([CLS]) token, trained by next-sentence prediction.
 *
 * <pre>{@code
 * NDArray pooled = pooler.forward(lastHidden); // (batch, seq, hidden) -> (batch, hidden)
 * }</pre>
 */
public final class Pooler extends Module {
  private final Linear dense;

  public Pooler(NDManager manager, int hidden, float std) {
    dense = addModule("dense", new Linear(manager, hidden, hidden, true, std));
  }

  public NDArray forward(NDArray hidden) {
    return dense.forward(hidden.get(new NDIndex(":, 0"))).tanh();
  }
}
