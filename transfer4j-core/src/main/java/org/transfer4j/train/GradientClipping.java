package org.transfer4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Global-norm gradient clipping as {@code torch.nn.utils.clip_grad_norm_} (Pascanu et al. 2013): if
 * the L2 norm of all gradients together exceeds {@code maxNorm}, every gradient is scaled by {@code
 * maxNorm / (norm + 1e-6)}. DJL's {@code optClipGrad} clips each element, which changes the
 * gradient's direction, so we do it here.
 *
 * <pre>{@code
 * double preClipNorm = GradientClipping.clipGlobalNorm(grads.values(), 1.0, stepManager);
 * }</pre>
 */
public final class GradientClipping {
  private GradientClipping() {}

  /** The global L2 norm of the gradients; temporaries go to {@code scratch}. */
  public static double globalNorm(Collection<NDArray> grads, NDManager scratch) {
    if (grads.isEmpty()) {
      return 0;
    }
    List<NDArray> squares = new ArrayList<>(grads.size());
    for (NDArray g : grads) {
      NDArray s = g.square().sum();
      s.attach(scratch);
      squares.add(s.toType(ai.djl.ndarray.types.DataType.FLOAT64, false));
    }
    NDArray total = NDArrays.stack(new ai.djl.ndarray.NDList(squares)).sum();
    total.attach(scratch);
    return Math.sqrt(total.getDouble());
  }

  /**
   * Scales the gradients in place so that their global norm is at most {@code maxNorm}; returns the
   * norm before clipping. {@code maxNorm <= 0} only measures.
   */
  public static double clipGlobalNorm(
      Collection<NDArray> grads, double maxNorm, NDManager scratch) {
    double norm = globalNorm(grads, scratch);
    if (maxNorm > 0 && norm > maxNorm && Double.isFinite(norm)) {
      float scale = (float) (maxNorm / (norm + 1e-6));
      for (NDArray g : grads) {
        g.muli(scale);
      }
    }
    return norm;
  }
}
