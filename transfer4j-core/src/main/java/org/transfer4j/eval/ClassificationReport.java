package org.transfer4j.eval;

import java.util.List;

/**
 * Per-class scores and their averages, the content of scikit-learn's {@code classification_report}
 * (with {@code output_dict=True}). Built by {@link ClassificationMetrics} (single-label) or {@link
 * MultiLabelMetrics}; written by {@link ReportFormat} (text, JSON, CSV).
 *
 * <p>{@code accuracy} is the fraction of examples whose prediction is entirely right: plain
 * accuracy for single-label, subset accuracy (exact match of the label set) for multi-label. For
 * single-label the micro average equals accuracy, so like scikit-learn the outputs show an {@code
 * accuracy} row instead of {@code micro avg}; multi-label and span outputs show {@code micro avg}
 * and then {@code subset accuracy} or {@code token accuracy}.
 *
 * @param classes one row per class, in label order
 * @param micro precision, recall and F1 of the pooled counts
 * @param macro unweighted mean of the per-class values
 * @param weighted mean of the per-class values weighted by support
 * @param accuracy accuracy, subset accuracy or token accuracy (see {@link Kind})
 * @param kind single-label, multi-label or span scores
 */
public record ClassificationReport(
    List<ClassScores> classes,
    Average micro,
    Average macro,
    Average weighted,
    double accuracy,
    Kind kind) {

  /** Whether each example has exactly one label or a set of labels. */
  public enum Kind {
    /** One label per example; {@code accuracy} is accuracy. */
    SINGLE_LABEL,
    /** A set of labels per example; {@code accuracy} is subset accuracy. */
    MULTI_LABEL,
    /** Entity types of span scoring ({@link SpanReport}); {@code accuracy} is token accuracy. */
    SPANS;

    /** The name of the accuracy row in the outputs. */
    public String accuracyName() {
      return switch (this) {
        case SINGLE_LABEL -> "accuracy";
        case MULTI_LABEL -> "subset accuracy";
        case SPANS -> "token accuracy";
      };
    }
  }

  public ClassificationReport {
    classes = List.copyOf(classes);
  }

  /** The row of {@code label}; throws if there is no such class. */
  public ClassScores forLabel(String label) {
    for (ClassScores c : classes) {
      if (c.label().equals(label)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "no class '" + label + "' in the report; classes: " + labels());
  }

  public List<String> labels() {
    return classes.stream().map(ClassScores::label).toList();
  }

  /** Total number of true examples (single-label) or true label assignments (multi-label). */
  public long support() {
    return macro.support();
  }

  /**
   * The report from per-class counts: {@code tp[c]} true positives, {@code predicted[c]} examples
   * predicted as c, {@code support[c]} examples truly of c.
   */
  static ClassificationReport fromCounts(
      List<String> labels,
      long[] tp,
      long[] predicted,
      long[] support,
      double accuracy,
      Kind kind) {
    int n = labels.size();
    if (n == 0) {
      Average zero = new Average(0, 0, 0, 0);
      return new ClassificationReport(List.of(), zero, zero, zero, accuracy, kind);
    }
    ClassScores[] rows = new ClassScores[n];
    long tpSum = 0;
    long predSum = 0;
    long supportSum = 0;
    for (int c = 0; c < n; c++) {
      rows[c] = ClassScores.fromCounts(labels.get(c), tp[c], predicted[c], support[c]);
      tpSum += tp[c];
      predSum += predicted[c];
      supportSum += support[c];
    }
    long fp = predSum - tpSum;
    long fn = supportSum - tpSum;
    Average micro =
        new Average(
            ClassScores.ratio(tpSum, predSum),
            ClassScores.ratio(tpSum, supportSum),
            ClassScores.ratio(2 * tpSum, 2 * tpSum + fp + fn),
            supportSum);
    double mp = 0;
    double mr = 0;
    double mf = 0;
    double wp = 0;
    double wr = 0;
    double wf = 0;
    for (ClassScores r : rows) {
      mp += r.precision();
      mr += r.recall();
      mf += r.f1();
      wp += r.precision() * r.support();
      wr += r.recall() * r.support();
      wf += r.f1() * r.support();
    }
    Average macro = new Average(mp / n, mr / n, mf / n, supportSum);
    // No support at all: the weights sum to zero and scikit-learn reports zero_division (0).
    Average weighted =
        supportSum == 0
            ? new Average(0, 0, 0, 0)
            : new Average(wp / supportSum, wr / supportSum, wf / supportSum, supportSum);
    return new ClassificationReport(List.of(rows), micro, macro, weighted, accuracy, kind);
  }
}
