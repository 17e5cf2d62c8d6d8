package org.transfer4j.model.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
  // gelu_new's constants as 0-d tensors while generating (see beginInference), else null
  private NDArray cubic; // 0.044715
  private NDArray sqrt2OverPi;
  private NDArray one;
  private NDArray half;

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
    NDArray pre = cFc.forward(x); // (batch, t, inner)
    NDArray h =
        cubic != null && !isTraining() && activation == Activation.GELU_NEW
            ? geluNewInPlace(pre)
            : activation.apply(pre);
    return Dropout.apply(cProj.forward(h), residPdrop, isTraining());
  }

  /**
   * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}, the same formula as {@link
   * Activation#GELU_NEW}, in 9 operations on temporaries with constants made once per generation
   * instead of 13 plus 4 scalar allocations: each operation of a decoding step costs microseconds
   * of JNI and bookkeeping, as much as the arithmetic on 3,072 floats. No gradient: in-place ops.
   */
  private NDArray geluNewInPlace(NDArray x) {
    NDArray inner = x.mul(x).muli(x).muli(cubic).addi(x).muli(sqrt2OverPi);
    return inner.tanh().addi(one).muli(x).muli(half);
  }

  /** Makes the activation's constants in {@code manager} (freed with it) for decoding. */
  void beginInference(NDManager manager) {
    DataType type = cFc.weight().value().getDataType();
    cubic = manager.full(new Shape(), 0.044715f, type);
    sqrt2OverPi = manager.full(new Shape(), (float) Math.sqrt(2 / Math.PI), type);
    one = manager.full(new Shape(), 1f, type);
    half = manager.full(new Shape(), 0.5f, type);
  }

  void endInference() {
    cubic = null;
    sqrt2OverPi = null;
    one = null;
    half = null;
  }
}
