package org.transfer4j.model.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.norm.Dropout;
import org.transfer4j.nn.Module;

/** GPT-2's position-wise feed-forward network: {@code c_proj(act(c_fc(x)))}. */
public final class Gpt2Mlp extends Module {
  private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

  private final Conv1D cFc;
  private final Conv1D cProj;
  private final String activation;
  private final float residPdrop;

  public Gpt2Mlp(NDManager manager, Gpt2Config c) {
    cFc = addModule("c_fc", new Conv1D(manager, c.nEmbd(), c.nInner(), c.initializerRange()));
    float projStd = (float) (c.initializerRange() / Math.sqrt(2.0 * c.nLayer()));
    cProj = addModule("c_proj", new Conv1D(manager, c.nInner(), c.nEmbd(), projStd));
    activation = c.activationFunction();
    residPdrop = c.residPdrop();
  }

  /** {@code (batch, t, embd)} to {@code (batch, t, embd)}. */
  public NDArray forward(NDArray x) {
    NDArray h = activate(cFc.forward(x)); // (batch, t, inner)
    NDArray out = cProj.forward(h);
    if (isTraining() && residPdrop > 0) {
      out = Dropout.dropout(out, residPdrop, true).singletonOrThrow();
    }
    return out;
  }

  private NDArray activate(NDArray x) {
    return switch (activation) {
      case "gelu_new" -> geluNew(x);
      case "gelu" -> x.mul(x.div(Math.sqrt(2.0)).erf().add(1)).mul(0.5);
      case "relu" -> ai.djl.nn.Activation.relu(x);
      default -> throw new IllegalStateException("unsupported activation " + activation);
    };
  }

  /**
   * The tanh approximation of GELU that GPT-2 was trained with (Hendrycks and Gimpel, 2016): {@code
   * 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}.
   */
  static NDArray geluNew(NDArray x) {
    // Not in place: the backward passes of pow and tanh read their own outputs.
    NDArray inner = x.pow(3).mul(0.044715).add(x).mul(SQRT_2_OVER_PI).tanh();
    return inner.add(1).mul(x).mul(0.5);
  }
}
