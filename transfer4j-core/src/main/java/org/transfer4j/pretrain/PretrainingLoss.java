package org.transfer4j.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.transfer4j.data.Labels;

/**
 * The losses of BERT pretraining, as {@code torch.nn.functional.cross_entropy}: the mean over the
 * items of {@code -log softmax(logits)[label]}.
 *
 * <p>The masked-LM loss is computed on the logits of the masked positions only (Google's original
 * BERT gathers the hidden states at the masked positions before the output layer, {@code
 * run_pretraining.py}); {@link #maskedLmLossFull} is the Hugging Face formulation on logits for
 * every position with {@code -100} labels ignored, and gives the same value.
 *
 * <pre>{@code
 * NDArray mlm = PretrainingLoss.crossEntropy(maskedLogits, maskedLabels); // (n, vocab), (n)
 * NDArray sop = PretrainingLoss.crossEntropy(sopLogits, sopLabels);       // (batch, 2), (batch)
 * }</pre>
 */
public final class PretrainingLoss {
  private PretrainingLoss() {}

  /**
   * Mean cross-entropy.
   *
   * @param logits {@code (n, classes)}
   * @param labels int64 {@code (n)}, each in {@code [0, classes)}
   * @return a scalar in logits' manager
   */
  public static NDArray crossEntropy(NDArray logits, NDArray labels) {
    long n = logits.getShape().get(0);
    NDArray picked = logits.logSoftmax(-1).gather(labels.reshape(n, 1), 1); // (n, 1)
    return picked.mean().neg();
  }

  /** The share of rows whose arg-max equals the label (no gradient). */
  public static NDArray accuracy(NDArray logits, NDArray labels) {
    return logits
        .argMax(-1)
        .eq(labels.toType(DataType.INT64, false))
        .toType(DataType.FLOAT32, false)
        .mean();
  }

  /**
   * The reference masked-LM loss on logits for every position, labels {@link Labels#IGNORE} where
   * nothing is predicted: the mean over the positions with a label.
   *
   * @param logits {@code (batch, seq, vocab)}
   * @param labels int64 {@code (batch, seq)}
   */
  public static NDArray maskedLmLossFull(NDArray logits, NDArray labels) {
    long vocab = logits.getShape().get(2);
    NDArray flat = logits.reshape(-1, vocab); // (batch * seq, vocab)
    NDArray y = labels.reshape(-1);
    NDArray keep = y.neq(Labels.IGNORE); // (batch * seq)
    // Ignored labels point at class 0 and are then zeroed, as PyTorch's ignore_index does.
    NDArray safe = y.mul(keep.toType(DataType.INT64, false));
    NDArray nll = flat.logSoftmax(-1).gather(safe.reshape(-1, 1), 1).reshape(-1).neg();
    NDArray w = keep.toType(DataType.FLOAT32, false);
    return nll.mul(w).sum().div(w.sum());
  }
}
