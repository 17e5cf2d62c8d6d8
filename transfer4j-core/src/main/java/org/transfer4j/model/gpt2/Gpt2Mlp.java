package org.transfer4j.model.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.transfer4j.nn.Activation;
import org.transfer4j.nn.Dropout;
import org.transfer4j.nn.Module;

/**
 * GPT-2's position-wise feed-forward network: {@code c_proj(act(c_fc(x)))}, with {@code act} the
 * tanh approximation of GELU ({@code gelu_new}) in the released models.
 */
public final class Gpt2Mlp extends Module {
  private final Conv1D cFc;
  private final Conv1D cProj;
  private final Activation activation;
  private final float residPdrop;

  public Gpt2Mlp(NDManager manager, Gpt2Config c) {
    cFc = addModule("c_fc", new Conv1D(manager, c.nEmbd(), c.nInner(), c.initializerRange()));
    // GPT-2 scales residual projections by 1/sqrt(2 * n_layer) at initialisation (paper, 2.3).
    float projStd = (float) (c.initializerRange() / Math.sqrt(2.0 * c.nLayer()));
    cProj = addModule("c_proj", new Conv1D(manager, c.nInner(), c.nEmbd(), projStd));
    activation = c.activation();
    residPdrop = c.residPdrop();
  }

  /** {@code (batch, t, embd)} to {@code (batch, t, embd)}. */
  public NDArray forward(NDArray x) {
    NDArray h = activation.apply(cFc.forward(x)); // (batch, t, inner)
    return Dropout.apply(cProj.forward(h), residPdrop, isTraining());
  }
}
