package org.transfer4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019, "Decoupled Weight Decay
 * Regularization"), with bias correction, computed as {@code torch.optim.AdamW}: first {@code p -=
 * lr * wd * p}, then {@code p -= lr * m_hat / (sqrt(v_hat) + eps)}.
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(ParamGroup.split(model.namedParameters(), 0.01, List.of()));
 * }</pre>
 */
public class AdamW extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double eps;

  public AdamW(List<ParamGroup> groups) {
    this(groups, 0.9, 0.999, 1e-8);
  }

  public AdamW(List<ParamGroup> groups, double beta1, double beta2, double eps) {
    super(groups);
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0)) {
      throw new IllegalArgumentException(
          "need 0 <= beta1, beta2 < 1 and eps > 0; got " + beta1 + ", " + beta2 + ", " + eps);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
  }

  @Override
  public String kind() {
    return "adamw";
  }

  /** Whether weight decay is decoupled (AdamW) or added to the gradient (Adam's L2). */
  protected boolean decoupled() {
    return true;
  }

  @Override
  protected void update(
      String name, NDArray param, NDArray grad, double lr, double wd, NDManager scratch) {
    NDArray g = grad;
    if (wd != 0) {
      if (decoupled()) {
        param.muli(1 - lr * wd);
      } else {
        g = grad.add(scoped(param.mul(wd), scratch)); // L2: g + wd * p, in grad's manager
      }
    }
    long t = stepCount();
    NDArray m = state(name, "exp_avg", param);
    NDArray v = state(name, "exp_avg_sq", param);
    m.muli(beta1).addi(g.mul(1 - beta1));
    v.muli(beta2).addi(g.square().muli(1 - beta2));
    double bc1 = 1 - Math.pow(beta1, t);
    double bc2 = 1 - Math.pow(beta2, t);
    // denom = sqrt(v) / sqrt(bc2) + eps; step = lr / bc1 * m / denom
    NDArray denom = scoped(v.sqrt(), scratch).divi(Math.sqrt(bc2)).addi(eps);
    NDArray delta = scoped(m.mul(lr / bc1), scratch).divi(denom);
    param.subi(delta);
  }
}
