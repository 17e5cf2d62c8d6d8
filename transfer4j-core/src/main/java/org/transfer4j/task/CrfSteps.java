package org.transfer4j.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.data.FineTuneBatch;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.nn.Scalars;
import org.transfer4j.nn.crf.CrfHead;
import org.transfer4j.nn.crf.LinearChainCrf;
import org.transfer4j.train.StepResult;

/**
 * Training and decoding of a tagger with a CRF output ({@link CrfHead}). The CRF runs over the
 * labelled tokens only, the first token of each word, gathered from the token logits {@code (batch,
 * seq, tags)} into {@code (batch, words, tags)}; its loss is the mean negative log-likelihood per
 * sentence. Decoded outputs are the Viterbi path as one-hot rows on those tokens (zero elsewhere),
 * so every reader of tagging outputs (argmax of a word's first token) reads the best path.
 *
 * <pre>{@code
 * LinearChainCrf crf = CrfSteps.crfOf(model); // null: softmax tagger
 * StepResult r = CrfSteps.loss(model, crf, batch, manager);
 * }</pre>
 */
public final class CrfSteps {
  private CrfSteps() {}

  /** The model's CRF, or null. */
  public static LinearChainCrf crfOf(PretrainedModel model) {
    return model instanceof CrfHead h ? h.crf() : null;
  }

  /** The word positions of each row: where the labels are not ignored. */
  static int[][] labelledPositions(FineTuneBatch b) {
    int[][] out = new int[b.batchSize()][];
    for (int r = 0; r < b.batchSize(); r++) {
      int n = 0;
      int[] p = new int[b.seqLen()];
      for (int t = 0; t < b.seqLen(); t++) {
        if (b.labels()[r * b.seqLen() + t] >= 0) {
          p[n++] = t;
        }
      }
      out[r] = java.util.Arrays.copyOf(p, n);
    }
    return out;
  }

  /** Each row's word positions from its example's word ids: a word's first token. */
  static int[][] firstTokens(FineTuneBatch b, List<EncodedExample> examples) {
    int[][] out = new int[b.batchSize()][];
    for (int r = 0; r < b.batchSize(); r++) {
      Integer[] w = examples.get(b.indices()[r]).inputs().get(0).wordIds();
      int n = 0;
      int[] p = new int[w.length];
      for (int t = 0; t < w.length; t++) {
        if (w[t] != null && (t == 0 || !w[t].equals(w[t - 1]))) {
          p[n++] = t;
        }
      }
      out[r] = java.util.Arrays.copyOf(p, n);
    }
    return out;
  }

  /**
   * The CRF loss of a batch; in evaluation mode the output is the decoded one-hot paths.
   *
   * @return loss = mean negative log-likelihood per sentence, count = sentences
   */
  static StepResult loss(PretrainedModel model, LinearChainCrf crf, FineTuneBatch b, NDManager m) {
    NDArray logits = TaskForward.logits(model, b, m); // (batch, seq, tags)
    int[][] pos = labelledPositions(b);
    int batch = b.batchSize();
    int seq = b.seqLen();
    int tags = (int) logits.getShape().get(2);
    int len = 1;
    for (int[] p : pos) {
      len = Math.max(len, p.length);
    }
    long[] index = new long[batch * len];
    int[] gold = new int[batch * len];
    int[] lengths = new int[batch];
    float[] weight = new float[batch];
    int sentences = 0;
    for (int r = 0; r < batch; r++) {
      lengths[r] = Math.max(1, pos[r].length); // a row without words: one dummy step, weight 0
      weight[r] = pos[r].length > 0 ? 1f : 0f;
      sentences += pos[r].length > 0 ? 1 : 0;
      for (int k = 0; k < len; k++) {
        int t = k < pos[r].length ? pos[r][k] : 0;
        index[r * len + k] = (long) r * seq + t;
        gold[r * len + k] = k < pos[r].length ? (int) b.labels()[r * seq + t] : 0;
      }
    }
    NDArray emissions =
        logits
            .reshape(-1, tags)
            .get(new NDIndex("{}", m.create(index)))
            .reshape(batch, len, tags); // (batch, words, tags)
    NDArray nll = crf.negativeLogLikelihood(emissions, gold, lengths); // (batch)
    NDArray loss =
        Scalars.div(nll.mul(m.create(weight)).sum(), Math.max(1, sentences)); // mean per sentence
    NDArray output = logits;
    if (!model.isTraining()) {
      output = decode(crf, logits.toFloatArray(), batch, seq, tags, pos, m);
    }
    return StepResult.of(loss, Math.max(1, sentences), output);
  }

  /**
   * The Viterbi paths of flat token logits {@code (batch, seq, tags)} over the given positions, as
   * one-hot rows {@code (batch, seq, tags)} in {@code m}.
   */
  static NDArray decode(
      LinearChainCrf crf, float[] logits, int batch, int seq, int tags, int[][] pos, NDManager m) {
    return m.create(decodeFlat(crf, logits, batch, seq, tags, pos), new Shape(batch, seq, tags));
  }

  /** As {@link #decode} on plain arrays. */
  static float[] decodeFlat(
      LinearChainCrf crf, float[] logits, int batch, int seq, int tags, int[][] pos) {
    int len = 1;
    for (int[] p : pos) {
      len = Math.max(len, p.length);
    }
    float[] emissions = new float[batch * len * tags];
    int[] lengths = new int[batch];
    for (int r = 0; r < batch; r++) {
      lengths[r] = Math.max(1, pos[r].length);
      for (int k = 0; k < pos[r].length; k++) {
        System.arraycopy(
            logits, (r * seq + pos[r][k]) * tags, emissions, (r * len + k) * tags, tags);
      }
    }
    int[][] best = crf.decode(emissions, batch, len, lengths);
    float[] out = new float[batch * seq * tags];
    for (int r = 0; r < batch; r++) {
      for (int k = 0; k < pos[r].length; k++) {
        out[(r * seq + pos[r][k]) * tags + best[r][k]] = 1f;
      }
    }
    return out;
  }
}
