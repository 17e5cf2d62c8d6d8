package org.transfer4j.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.data.FineTuneBatch;
import org.transfer4j.data.FineTuneBatcher;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.PretrainedModel;

/**
 * Runs a task head on padded batches: the logits of a batch, and every example's logits in file
 * order (evaluation, prediction) as plain Java arrays.
 *
 * <pre>{@code
 * float[][] out = TaskForward.outputs(model, examples, batcher, 64); // per example
 * }</pre>
 */
public final class TaskForward {
  private TaskForward() {}

  /**
   * The head's logits: {@code (batch, classes)}, {@code (batch, seq, tags)} or {@code (batch,
   * choices)}; the tensors live in {@code m}.
   */
  public static NDArray logits(PretrainedModel model, FineTuneBatch b, NDManager m) {
    NDArray ids = m.create(b.inputIds(), b.inputShape());
    NDArray mask = m.create(b.attentionMask(), b.inputShape());
    // DistilBERT has no segment embeddings (Sanh et al., 2019).
    NDArray types =
        "distilbert".equals(model.config().modelType())
            ? null
            : m.create(b.tokenTypeIds(), b.inputShape());
    return model.forwardNamed(new ModelInput(ids, mask, types), OutputOptions.NONE).get("logits");
  }

  /**
   * Splits a batch's flat logits per example: classes or choices per row, or, when {@code
   * tokenLogits}, the example's own tokens times tags (padding cut off).
   */
  public static void scatter(
      FineTuneBatch b,
      float[] flat,
      List<EncodedExample> examples,
      float[][] out,
      boolean tokenLogits) {
    int perRow = flat.length / b.batchSize();
    for (int r = 0; r < b.batchSize(); r++) {
      int idx = b.indices()[r];
      int width = perRow;
      if (tokenLogits) {
        int tags = perRow / b.seqLen();
        width = examples.get(idx).length() * tags;
      }
      float[] row = new float[width];
      System.arraycopy(flat, r * perRow, row, 0, width);
      out[idx] = row;
    }
  }

  /**
   * Every example's logits, in order, with the model in evaluation mode (dropout off) and no
   * gradient recording. A tagger with a CRF gives its Viterbi path instead, one-hot on each word's
   * first token ({@link CrfSteps}).
   */
  public static float[][] outputs(
      PretrainedModel model,
      List<EncodedExample> examples,
      FineTuneBatcher batcher,
      int batchSize) {
    boolean was = model.isTraining();
    model.train(false);
    boolean tokenLogits = TaskKind.ofArchitecture(model.architecture()) == TaskKind.TAG;
    org.transfer4j.nn.crf.LinearChainCrf crf = CrfSteps.crfOf(model);
    try {
      return outputs(
          examples,
          batcher,
          batchSize,
          tokenLogits,
          b -> {
            try (NDManager m = model.manager().newSubManager()) {
              NDArray logits = logits(model, b, m);
              float[] flat = logits.toFloatArray();
              if (crf != null) { // the Viterbi path over each word's first token
                int tags = (int) logits.getShape().get(2);
                flat =
                    CrfSteps.decodeFlat(
                        crf,
                        flat,
                        b.batchSize(),
                        b.seqLen(),
                        tags,
                        CrfSteps.firstTokens(b, examples));
              }
              return flat;
            }
          });
    } finally {
      model.train(was);
    }
  }

  /**
   * Every example's logits, in order, from {@code logits}: a batch's flat row-major logits (the
   * PyTorch head above, or an ONNX Runtime session). Batches are cut from the examples sorted by
   * length, so that a batch of short texts is not padded to a long one (BANKING77 in file order:
   * 1.4x the CPU per text of sorted batches, BENCHMARKS.md "Spark"); the results are scattered back
   * to the examples' order.
   */
  public static float[][] outputs(
      List<EncodedExample> examples,
      FineTuneBatcher batcher,
      int batchSize,
      boolean tokenLogits,
      java.util.function.Function<FineTuneBatch, float[]> logits) {
    int[] order = byLength(examples);
    float[][] out = new float[examples.size()][];
    for (int s = 0; s < examples.size(); s += batchSize) {
      int e = Math.min(examples.size(), s + batchSize);
      int[] idx = java.util.Arrays.copyOfRange(order, s, e);
      FineTuneBatch b = batcher.collate(examples, idx);
      scatter(b, logits.apply(b), examples, out, tokenLogits);
    }
    return out;
  }

  /** Example indices by length, ties in input order (length and index packed in one long). */
  static int[] byLength(List<EncodedExample> examples) {
    long[] keys = new long[examples.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = ((long) examples.get(i).length() << 32) | i;
    }
    java.util.Arrays.sort(keys);
    int[] order = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      order[i] = (int) keys[i];
    }
    return order;
  }
}
