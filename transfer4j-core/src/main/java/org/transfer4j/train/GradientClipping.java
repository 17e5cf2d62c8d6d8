package org.transfer4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transfer4j.nn.Module;
import org.transfer4j.nn.Parameter;

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

  /**
   * The gradients of a module's parameters, scaled in place by {@code scale}, as wrappers owned by
   * {@code scratch} (DJL makes a new wrapper per call, which would otherwise pile up in the model's
   * manager). Parameters the loss never reached have no gradient and are left out, as PyTorch
   * optimizers skip a {@code None} gradient.
   */
  public static Map<String, NDArray> gradients(Module model, NDManager scratch, double scale) {
    Map<String, NDArray> grads = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      // JniUtils rather than NDArray.getGradient, which invents zeros for a missing gradient.
      NDArray g = JniUtils.getGradient((PtNDArray) e.getValue().value());
      if (g != null) {
        g.attach(scratch);
        if (scale != 1) {
          g.muli(scale);
        }
        grads.put(e.getKey(), g);
      }
    }
    return grads;
  }
}
