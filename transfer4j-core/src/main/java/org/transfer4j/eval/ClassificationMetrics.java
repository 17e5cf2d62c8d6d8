package org.transfer4j.eval;

import java.util.List;

/**
 * Single-label classification metrics with exactly the semantics of scikit-learn's {@code
 * precision_recall_fscore_support} and {@code classification_report} (with {@code zero_division=0},
 * the value its default {@code "warn"} returns):
 *
 * <ul>
 *   <li>precision of class c = tp / (tp + fp), recall = tp / (tp + fn), F1 = 2 tp / (2 tp + fp +
 *       fn) (equal to the harmonic mean of precision and recall whenever that is defined);
 *   <li><b>zero division</b>: a class that is never predicted has precision 0; a class with no true
 *       examples (support 0) has recall 0; a class with neither has F1 0. These zeros are reported
 *       and count in the macro average, as in scikit-learn;
 *   <li>macro average: unweighted mean of the per-class values (macro F1 is the mean of the F1s,
 *       not the F1 of the mean precision and recall);
 *   <li>weighted average: per-class values weighted by support (all 0 when there is no support);
 *   <li>micro average: pooled counts; for single-label data it equals accuracy;
 *   <li>an empty evaluation (no examples) has accuracy 0 and all metrics 0.
 * </ul>
 *
 * <pre>{@code
 * ClassificationReport r = ClassificationMetrics.report(gold, pred, List.of("neg", "pos"));
 * double macroF1 = r.macro().f1();
 * double f1 = ClassificationMetrics.binaryF1(gold, pred, 1);
 * }</pre>
 */
public final class ClassificationMetrics {
  private ClassificationMetrics() {}

  /** The report of class indices {@code gold[i]} versus {@code pred[i]}. */
  public static ClassificationReport report(int[] gold, int[] pred, List<String> labels) {
    return report(ConfusionMatrix.of(gold, pred, labels));
  }

  /** The report of label names; classes are the sorted union of both lists. */
  public static ClassificationReport reportOfNames(List<String> gold, List<String> pred) {
    return report(ConfusionMatrix.ofNames(gold, pred));
  }

  /** The report of a confusion matrix. */
  public static ClassificationReport report(ConfusionMatrix cm) {
    int n = cm.size();
    long[] tp = new long[n];
    long[] predicted = new long[n];
    long[] support = new long[n];
    for (int c = 0; c < n; c++) {
      tp[c] = cm.truePositives(c);
      predicted[c] = cm.predicted(c);
      support[c] = cm.support(c);
    }
    return ClassificationReport.fromCounts(
        cm.labels(), tp, predicted, support, cm.accuracy(), ClassificationReport.Kind.SINGLE_LABEL);
  }

  /** Fraction of positions where {@code pred} equals {@code gold}; 0 for empty arrays. */
  public static double accuracy(int[] gold, int[] pred) {
    ConfusionMatrix.checkSameLength(gold.length, pred.length);
    long correct = 0;
    for (int i = 0; i < gold.length; i++) {
      if (gold[i] == pred[i]) {
        correct++;
      }
    }
    return ClassScores.ratio(correct, gold.length);
  }

  /**
   * Precision, recall and F1 of the {@code positive} class only, as scikit-learn's {@code
   * average="binary"} with {@code pos_label=positive}; every other value counts as negative.
   */
  public static ClassScores binary(int[] gold, int[] pred, int positive) {
    ConfusionMatrix.checkSameLength(gold.length, pred.length);
    long tp = 0;
    long predicted = 0;
    long support = 0;
    for (int i = 0; i < gold.length; i++) {
      boolean g = gold[i] == positive;
      boolean p = pred[i] == positive;
      support += g ? 1 : 0;
      predicted += p ? 1 : 0;
      tp += g && p ? 1 : 0;
    }
    return ClassScores.fromCounts(String.valueOf(positive), tp, predicted, support);
  }

  /** {@link #binary(int[], int[], int)} on label names. */
  public static ClassScores binary(List<String> gold, List<String> pred, String positive) {
    ConfusionMatrix.checkSameLength(gold.size(), pred.size());
    int[] g = new int[gold.size()];
    int[] p = new int[pred.size()];
    for (int i = 0; i < g.length; i++) {
      g[i] = gold.get(i).equals(positive) ? 1 : 0;
      p[i] = pred.get(i).equals(positive) ? 1 : 0;
    }
    ClassScores s = binary(g, p, 1);
    return new ClassScores(positive, s.precision(), s.recall(), s.f1(), s.support());
  }

  /** F1 of the {@code positive} class (scikit-learn's {@code f1_score(average="binary")}). */
  public static double binaryF1(int[] gold, int[] pred, int positive) {
    return binary(gold, pred, positive).f1();
  }
}
