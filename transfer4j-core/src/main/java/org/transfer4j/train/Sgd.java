package org.transfer4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Stochastic gradient descent with momentum as {@code torch.optim.SGD} (no dampening): {@code g +=
 * wd * p; buf = mu * buf + g; p -= lr * buf}; with momentum 0 plain SGD.
 */
public final class Sgd extends Optimizer {
  private final double momentum;

  public Sgd(List<ParamGroup> groups, double momentum) {
    super(groups);
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    this.momentum = momentum;
  }

  @Override
  public String kind() {
    return "sgd";
  }

  @Override
  protected void update(
      String name, NDArray param, NDArray grad, double lr, double wd, NDManager scratch) {
    NDArray g = wd == 0 ? grad : grad.add(scoped(param.mul(wd), scratch));
    if (momentum == 0) {
      param.subi(g.mul(lr));
      return;
    }
    NDArray buf = state(name, "momentum_buffer", param);
    if (stepCount() == 1) {
      buf.addi(g); // torch initialises the buffer with the first gradient
    } else {
      buf.muli(momentum).addi(g);
    }
    param.subi(scoped(buf.mul(lr), scratch));
  }
}
