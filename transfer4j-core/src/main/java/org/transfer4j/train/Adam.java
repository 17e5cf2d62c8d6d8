package org.transfer4j.train;

import java.util.List;

/**
 * Adam (Kingma and Ba 2015) with bias correction; weight decay, if any, is the classic L2 term
 * added to the gradient ({@code torch.optim.Adam}'s {@code weight_decay}). Prefer {@link AdamW}.
 */
public final class Adam extends AdamW {
  public Adam(List<ParamGroup> groups) {
    super(groups);
  }

  public Adam(List<ParamGroup> groups, double beta1, double beta2, double eps) {
    super(groups, beta1, beta2, eps);
  }

  @Override
  public String kind() {
    return "adam";
  }

  @Override
  protected boolean decoupled() {
    return false;
  }
}
