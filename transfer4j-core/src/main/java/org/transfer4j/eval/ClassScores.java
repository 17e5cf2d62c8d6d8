package org.transfer4j.eval;

/**
 * Precision, recall and F1 of one class, and its support (number of true examples), as one row of
 * scikit-learn's {@code classification_report}. A metric whose denominator is zero is 0 (see {@link
 * ClassificationMetrics} for the zero-division rule).
 */
public record ClassScores(String label, double precision, double recall, double f1, long support) {
  public ClassScores {
    if (support < 0) {
      throw new IllegalArgumentException("support must be >= 0, got " + support);
    }
  }

  /**
   * The scores of a class from its counts: {@code tp} true positives, {@code predicted} examples
   * predicted as the class, {@code support} examples that truly are the class.
   */
  static ClassScores fromCounts(String label, long tp, long predicted, long support) {
    long fp = predicted - tp;
    long fn = support - tp;
    return new ClassScores(
        label, ratio(tp, predicted), ratio(tp, support), ratio(2 * tp, 2 * tp + fp + fn), support);
  }

  /** {@code num / den}, or 0 when {@code den} is 0 (scikit-learn's {@code zero_division=0}). */
  static double ratio(long num, long den) {
    return den == 0 ? 0.0 : (double) num / den;
  }
}
