package org.transfer4j.nn.rnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.transfer4j.nn.Module;
import org.transfer4j.nn.Parameter;

/**
 * One LSTM step (Hochreiter and Schmidhuber, 1997, with the forget gate of Gers et al., 2000) in
 * PyTorch's layout: gates {@code i, f, g, o} stacked in {@code weight_ih (4H, in)}, {@code
 * weight_hh (4H, H)}, {@code bias_ih}, {@code bias_hh}:
 *
 * <pre>
 * i = sigmoid(W_ii x + b_ii + W_hi h + b_hi)   f, o alike
 * g = tanh(W_ig x + b_ig + W_hg h + b_hg)
 * c' = f * c + i * g,  h' = o * tanh(c')
 * </pre>
 *
 * <pre>{@code
 * LstmCell cell = new LstmCell(manager, 300, 128);
 * NDArray xp = cell.projectInput(x);            // (batch, seq, 4H), once for all steps
 * NDArray[] hc = cell.step(xpAtT, h, c);       // (batch, H) each
 * }</pre>
 */
public final class LstmCell extends Module {
  private final int hidden;
  private final Parameter weightIh;
  private final Parameter weightHh;
  private final Parameter biasIh;
  private final Parameter biasHh;

  /** Initialised as PyTorch: every weight and bias uniform in (-1/sqrt(H), 1/sqrt(H)). */
  public LstmCell(NDManager manager, int input, int hidden) {
    if (input <= 0 || hidden <= 0) {
      throw new IllegalArgumentException("LSTM sizes must be positive: " + input + ", " + hidden);
    }
    this.hidden = hidden;
    float k = (float) (1 / Math.sqrt(hidden));
    weightIh = addParameter("weight_ih", uniform(manager, k, new Shape(4L * hidden, input)));
    weightHh = addParameter("weight_hh", uniform(manager, k, new Shape(4L * hidden, hidden)));
    biasIh = addParameter("bias_ih", uniform(manager, k, new Shape(4L * hidden)));
    biasHh = addParameter("bias_hh", uniform(manager, k, new Shape(4L * hidden)));
  }

  private static NDArray uniform(NDManager m, float k, Shape s) {
    return m.randomUniform(-k, k, s, DataType.FLOAT32);
  }

  public int hidden() {
    return hidden;
  }

  public Parameter weightIh() {
    return weightIh;
  }

  public Parameter weightHh() {
    return weightHh;
  }

  public Parameter biasIh() {
    return biasIh;
  }

  public Parameter biasHh() {
    return biasHh;
  }

  /**
   * {@code x W_ih^T + b_ih + b_hh}: {@code (..., in)} to {@code (..., 4H)}, for all steps at once.
   */
  public NDArray projectInput(NDArray x) {
    NDArray p =
        ai.djl.nn.core.Linear.linear(x, weightIh.value(), biasIh.value()).singletonOrThrow();
    return p.add(biasHh.value());
  }

  /**
   * One step from the projected input {@code xp (batch, 4H)} and the state {@code h, c (batch, H)};
   * returns {@code {h', c'}} in xp's manager.
   */
  public NDArray[] step(NDArray xp, NDArray h, NDArray c) {
    NDArray gates = ai.djl.nn.core.Linear.linear(h, weightHh.value(), null).singletonOrThrow();
    gates = xp.add(gates); // (batch, 4H)
    NDList g = gates.split(4, 1);
    NDArray i = ai.djl.nn.Activation.sigmoid(g.get(0));
    NDArray f = ai.djl.nn.Activation.sigmoid(g.get(1));
    NDArray cand = g.get(2).tanh();
    NDArray o = ai.djl.nn.Activation.sigmoid(g.get(3));
    NDArray c2 = f.mul(c).add(i.mul(cand));
    NDArray h2 = o.mul(c2.tanh());
    return new NDArray[] {h2, c2};
  }
}
