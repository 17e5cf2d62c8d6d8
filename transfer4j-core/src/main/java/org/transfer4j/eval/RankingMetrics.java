package org.transfer4j.eval;

/**
 * Metrics on score matrices ({@code [example][class]} logits or probabilities): argmax, top-k
 * accuracy and multiple-choice accuracy.
 *
 * <p><b>Ties.</b> {@link #argmax} takes the first (lowest-index) maximum, like {@code numpy.argmax}
 * and {@code torch.argmax}; multiple-choice accuracy uses it, as Hugging Face's multiple-choice
 * examples do. {@link #topKAccuracy} follows scikit-learn's {@code top_k_accuracy_score}: among
 * classes with equal scores the <i>higher</i> index ranks first (its stable ascending argsort,
 * reversed), so the true class is in the top k exactly when {@code #{j : s[j] > s[t]} + #{j > t :
 * s[j] == s[t]} < k}. With k = 1 and no ties this is plain accuracy.
 *
 * <pre>{@code
 * int[] pred = RankingMetrics.argmax(logits.toFloatArray(), numLabels); // (batch * labels)
 * double top5 = RankingMetrics.topKAccuracy(scores, gold, 5);
 * }</pre>
 */
public final class RankingMetrics {
  private RankingMetrics() {}

  /** Index of the first maximum of {@code row}; NaN scores are rejected. */
  public static int argmax(double[] row) {
    if (row.length == 0) {
      throw new IllegalArgumentException("argmax of an empty score row");
    }
    int best = 0;
    for (int j = 0; j < row.length; j++) {
      checkFinite(row[j], j);
      if (row[j] > row[best]) {
        best = j;
      }
    }
    return best;
  }

  /** Row-wise argmax of {@code scores} ({@code [example][class]}). */
  public static int[] argmax(double[][] scores) {
    int[] out = new int[scores.length];
    for (int i = 0; i < scores.length; i++) {
      out[i] = argmax(scores[i]);
    }
    return out;
  }

  /**
   * Row-wise argmax of a flat row-major {@code (examples, classes)} array, the layout of {@code
   * NDArray.toFloatArray()} on logits.
   */
  public static int[] argmax(float[] flat, int classes) {
    if (classes <= 0 || flat.length % classes != 0) {
      throw new IllegalArgumentException(
          "a flat score array of length " + flat.length + " is not a multiple of " + classes);
    }
    int[] out = new int[flat.length / classes];
    for (int i = 0; i < out.length; i++) {
      int base = i * classes;
      int best = 0;
      for (int j = 0; j < classes; j++) {
        checkFinite(flat[base + j], j);
        if (flat[base + j] > flat[base + best]) {
          best = j;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /**
   * Splits a flat row-major {@code (examples, classes)} array ({@code NDArray.toFloatArray()}) into
   * rows, for {@link #topKAccuracy} and {@link #multipleChoiceAccuracy}.
   */
  public static double[][] rows(float[] flat, int classes) {
    if (classes <= 0 || flat.length % classes != 0) {
      throw new IllegalArgumentException(
          "a flat score array of length " + flat.length + " is not a multiple of " + classes);
    }
    double[][] out = new double[flat.length / classes][classes];
    for (int i = 0; i < out.length; i++) {
      for (int j = 0; j < classes; j++) {
        out[i][j] = flat[i * classes + j];
      }
    }
    return out;
  }

  /**
   * Fraction of examples whose true class is among the {@code k} highest-scored classes
   * (scikit-learn's tie rule, see the class comment); 0 when there are no examples.
   */
  public static double topKAccuracy(double[][] scores, int[] gold, int k) {
    ConfusionMatrix.checkSameLength(gold.length, scores.length);
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    long hits = 0;
    for (int i = 0; i < scores.length; i++) {
      double[] s = scores[i];
      int t = gold[i];
      if (t < 0 || t >= s.length) {
        throw new IllegalArgumentException(
            "gold class " + t + " of example " + i + " is outside 0.." + (s.length - 1));
      }
      checkFinite(s[t], t);
      int ahead = 0; // classes ranked before the true one
      for (int j = 0; j < s.length; j++) {
        checkFinite(s[j], j);
        if (s[j] > s[t] || (s[j] == s[t] && j > t)) {
          ahead++;
        }
      }
      hits += ahead < k ? 1 : 0;
    }
    return ClassScores.ratio(hits, gold.length);
  }

  /**
   * Multiple-choice accuracy: {@code scores[q][c]} is the score of choice c for question q, {@code
   * gold[q]} the right choice; a question counts as right when its first highest-scored choice is
   * the gold one. 0 when there are no questions.
   */
  public static double multipleChoiceAccuracy(double[][] scores, int[] gold) {
    ConfusionMatrix.checkSameLength(gold.length, scores.length);
    return ClassificationMetrics.accuracy(gold, argmax(scores));
  }

  private static void checkFinite(double v, int j) {
    if (Double.isNaN(v)) {
      throw new IllegalArgumentException("score of class " + j + " is NaN");
    }
  }
}
