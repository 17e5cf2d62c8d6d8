package org.transfer4j.eval;

import java.util.List;

/**
 * Multi-label classification metrics (each example has a set of labels, as indicator rows), with
 * scikit-learn's semantics for indicator matrices: per-label precision, recall and F1 treat each
 * label as its own binary problem; micro pools the counts of all labels; macro and weighted average
 * the per-label values; zero division gives 0 (see {@link ClassificationMetrics}). The report's
 * {@code accuracy} is <b>subset accuracy</b> (scikit-learn's {@code accuracy_score} on indicator
 * matrices): the fraction of examples whose predicted label set equals the true set exactly.
 *
 * <p>Predictions from scores: label j is predicted when {@code score >= threshold} (use
 * probabilities with 0.5, or raw logits with 0.0, which is the same decision after a sigmoid).
 *
 * <pre>{@code
 * ClassificationReport r = MultiLabelMetrics.report(gold, probabilities, 0.5, labels);
 * double microF1 = r.micro().f1();
 * double exact = r.accuracy();
 * }</pre>
 */
public final class MultiLabelMetrics {
  private MultiLabelMetrics() {}

  /** Predicted indicators: {@code scores[i][j] >= threshold}. */
  public static boolean[][] threshold(double[][] scores, double threshold) {
    boolean[][] out = new boolean[scores.length][];
    for (int i = 0; i < scores.length; i++) {
      out[i] = new boolean[scores[i].length];
      for (int j = 0; j < scores[i].length; j++) {
        out[i][j] = scores[i][j] >= threshold;
      }
    }
    return out;
  }

  /** The report of scores thresholded at {@code threshold} against true indicators. */
  public static ClassificationReport report(
      boolean[][] gold, double[][] scores, double threshold, List<String> labels) {
    return report(gold, threshold(scores, threshold), labels);
  }

  /** The report of predicted indicators against true indicators ({@code [example][label]}). */
  public static ClassificationReport report(
      boolean[][] gold, boolean[][] pred, List<String> labels) {
    int n = labels.size();
    check(gold, pred, n);
    long[] tp = new long[n];
    long[] predicted = new long[n];
    long[] support = new long[n];
    long exact = 0;
    for (int i = 0; i < gold.length; i++) {
      boolean same = true;
      for (int j = 0; j < n; j++) {
        boolean g = gold[i][j];
        boolean p = pred[i][j];
        support[j] += g ? 1 : 0;
        predicted[j] += p ? 1 : 0;
        tp[j] += g && p ? 1 : 0;
        same &= g == p;
      }
      exact += same ? 1 : 0;
    }
    return ClassificationReport.fromCounts(
        labels,
        tp,
        predicted,
        support,
        ClassScores.ratio(exact, gold.length),
        ClassificationReport.Kind.MULTI_LABEL);
  }

  /**
   * Fraction of (example, label) cells predicted wrongly (scikit-learn's {@code hamming_loss}); 0
   * when there are no examples.
   */
  public static double hammingLoss(boolean[][] gold, boolean[][] pred) {
    int n = gold.length == 0 ? 0 : gold[0].length;
    check(gold, pred, n);
    long wrong = 0;
    for (int i = 0; i < gold.length; i++) {
      for (int j = 0; j < n; j++) {
        wrong += gold[i][j] != pred[i][j] ? 1 : 0;
      }
    }
    return ClassScores.ratio(wrong, (long) gold.length * n);
  }

  private static void check(boolean[][] gold, boolean[][] pred, int labels) {
    ConfusionMatrix.checkSameLength(gold.length, pred.length);
    for (int i = 0; i < gold.length; i++) {
      if (gold[i].length != labels || pred[i].length != labels) {
        throw new IllegalArgumentException(
            "example "
                + i
                + " has "
                + gold[i].length
                + " gold and "
                + pred[i].length
                + " predicted indicators; expected "
                + labels
                + " (one per label)");
      }
    }
  }
}
