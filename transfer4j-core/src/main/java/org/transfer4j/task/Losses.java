package org.transfer4j.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The fine-tuning losses, as {@code torch.nn.functional}: cross-entropy with ignored labels (-100)
 * and binary cross-entropy on logits for multi-label heads.
 *
 * <pre>{@code
 * NDArray loss = Losses.crossEntropy(logits.reshape(-1, classes), labels.reshape(-1), validCount);
 * }</pre>
 */
public final class Losses {
  private Losses() {}

  /**
   * Mean negative log-likelihood over the labels that are not ignored (negative).
   *
   * @param logits {@code (n, classes)}
   * @param labels {@code (n)} int64 class ids, negative = ignored
   * @param valid how many labels are not ignored (computed by the caller from the Java array)
   */
  public static NDArray crossEntropy(NDArray logits, NDArray labels, long valid) {
    int classes = (int) logits.getShape().get(logits.getShape().dimension() - 1);
    NDArray keep = labels.gte(0).toType(DataType.FLOAT32, false); // (n)
    NDArray safe = labels.maximum(0L); // ignored rows pick class 0, then get weight 0
    NDArray logp = logits.logSoftmax(-1); // (n, classes)
    NDArray picked = logp.mul(safe.oneHot(classes, DataType.FLOAT32)).sum(new int[] {-1}); // (n)
    return picked.mul(keep).sum().neg().div(Math.max(1L, valid));
  }

  /**
   * Mean binary cross-entropy with logits over all (example, label) cells, computed stably as
   * {@code max(x, 0) - x y + log(1 + exp(-|x|))}.
   *
   * @param logits {@code (n, labels)}
   * @param targets {@code (n, labels)} 0/1
   */
  public static NDArray binaryCrossEntropy(NDArray logits, NDArray targets) {
    NDArray y = targets.toType(DataType.FLOAT32, false);
    NDArray softplus = logits.abs().neg().exp().add(1f).log();
    return logits.maximum(0f).sub(logits.mul(y)).add(softplus).mean();
  }
}
