package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Batch normalisation over the features of {@code (batch, features)} (Ioffe and Szegedy, 2015), as
 * PyTorch's {@code BatchNorm1d}: in training the batch's mean and biased variance normalise and the
 * running statistics move by {@code momentum} (the running variance is the unbiased one); in
 * evaluation the running statistics are used. Names are PyTorch's ({@code weight}, {@code bias},
 * {@code running_mean}, {@code running_var}); the running statistics never get a gradient, so the
 * optimizer leaves them alone.
 *
 * <pre>{@code
 * BatchNorm bn = new BatchNorm(manager, 300);
 * NDArray y = bn.forward(x); // (batch, 300)
 * }</pre>
 */
public final class BatchNorm extends Module {
  private static final float EPS = 1e-5f;
  private static final float MOMENTUM = 0.1f;
  private final Parameter weight;
  private final Parameter bias;
  private final Parameter runningMean;
  private final Parameter runningVar;

  public BatchNorm(NDManager manager, int features) {
    weight = addParameter("weight", manager.ones(new Shape(features)));
    bias = addParameter("bias", manager.zeros(new Shape(features)));
    runningMean = addParameter("running_mean", manager.zeros(new Shape(features)));
    runningVar = addParameter("running_var", manager.ones(new Shape(features)));
  }

  public Parameter runningMean() {
    return runningMean;
  }

  public Parameter runningVar() {
    return runningVar;
  }

  /** {@code x (batch, features)}; the result belongs to x's manager. */
  public NDArray forward(NDArray x) {
    NDArray mean;
    NDArray var;
    if (isTraining() && x.getShape().get(0) > 1) {
      mean = x.mean(new int[] {0}); // (features)
      NDArray centred = x.sub(mean);
      var = centred.mul(centred).mean(new int[] {0});
      update(mean, var, x.getShape().get(0));
    } else {
      mean = runningMean.value().stopGradient();
      var = runningVar.value().stopGradient();
      mean.attach(x.getManager());
      var.attach(x.getManager());
    }
    NDArray std = Scalars.pow(var.add(x.getManager().full(new Shape(), EPS)), 0.5);
    return x.sub(mean).div(std).mul(weight.value()).add(bias.value());
  }

  /**
   * Moves the running statistics in plain Java: a few hundred floats, nothing left in a manager.
   */
  private void update(NDArray mean, NDArray var, long n) {
    float[] bm = mean.stopGradient().toFloatArray();
    float[] bv = var.stopGradient().toFloatArray();
    float[] rm = runningMean.value().toFloatArray();
    float[] rv = runningVar.value().toFloatArray();
    float unbias = (float) n / (n - 1);
    for (int i = 0; i < rm.length; i++) {
      rm[i] = (1 - MOMENTUM) * rm[i] + MOMENTUM * bm[i];
      rv[i] = (1 - MOMENTUM) * rv[i] + MOMENTUM * bv[i] * unbias;
    }
    try (NDManager tmp = mean.getManager().newSubManager()) {
      runningMean.copyFrom(tmp.create(rm));
      runningVar.copyFrom(tmp.create(rv));
    }
  }
}
