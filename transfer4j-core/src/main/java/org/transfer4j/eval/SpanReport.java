package org.transfer4j.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of {@link ConllEval}: chunk counts per entity type, token accuracy, and conlleval's
 * precision, recall and F1 (a metric with a zero denominator is 0, as in the script).
 *
 * @param tokens tokens processed (sentence boundaries excluded)
 * @param correctTags tokens whose predicted tag equals the gold tag
 * @param types counts per entity type, sorted by type name
 */
public record SpanReport(long tokens, long correctTags, Map<String, TypeScores> types) {
  public SpanReport {
    types = Collections.unmodifiableMap(new TreeMap<>(types));
  }

  /**
   * Chunk counts of one entity type (or of all types, in {@link #overall()}).
   *
   * @param gold chunks in the gold tags
   * @param predicted chunks in the predicted tags
   * @param correct predicted chunks with the same start, end and type as a gold chunk
   */
  public record TypeScores(String type, long gold, long predicted, long correct) {
    public double precision() {
      return ClassScores.ratio(correct, predicted);
    }

    public double recall() {
      return ClassScores.ratio(correct, gold);
    }

    /** Harmonic mean of precision and recall, 0 when both are 0. */
    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }
  }

  /** All types pooled (conlleval's first line: micro-averaged). */
  public TypeScores overall() {
    long g = 0;
    long p = 0;
    long c = 0;
    for (TypeScores t : types.values()) {
      g += t.gold();
      p += t.predicted();
      c += t.correct();
    }
    return new TypeScores("overall", g, p, c);
  }

  /** Fraction of tokens tagged right, {@code O} included; 0 when there are no tokens. */
  public double accuracy() {
    return ClassScores.ratio(correctTags, tokens);
  }

  /** The scores of one type; all zero when the type never occurs. */
  public TypeScores type(String type) {
    return types.getOrDefault(type, new TypeScores(type, 0, 0, 0));
  }

  /**
   * The report as conlleval prints it: totals, then one line per type ending with its number of
   * predicted chunks. Percentages with two decimals.
   */
  public String conllevalText() {
    TypeScores all = overall();
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "processed %d tokens with %d phrases; found: %d phrases; correct: %d.\n",
            tokens,
            all.gold(),
            all.predicted(),
            all.correct()));
    if (tokens > 0) {
      sb.append("accuracy: ").append(pct(100.0 * correctTags / tokens)).append("%; ");
      scores(sb, all).append('\n');
    }
    for (TypeScores t : types.values()) {
      sb.append(ReportFormat.pad(t.type(), 17)).append(": ");
      scores(sb, t).append("  ").append(t.predicted()).append('\n');
    }
    return sb.toString();
  }

  /** conlleval's {@code precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f}, in its arithmetic. */
  private static StringBuilder scores(StringBuilder sb, TypeScores t) {
    double p = t.predicted() > 0 ? 100.0 * t.correct() / t.predicted() : 0.0;
    double r = t.gold() > 0 ? 100.0 * t.correct() / t.gold() : 0.0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    return sb.append("precision: ")
        .append(pct(p))
        .append("%; recall: ")
        .append(pct(r))
        .append("%; FB1: ")
        .append(pct(f));
  }

  /** Perl's {@code %6.2f}: two decimals, half-to-even on the exact value, width 6. */
  private static String pct(double v) {
    return ReportFormat.pad(ReportFormat.fixed(v, 2), 6);
  }

  /**
   * The same numbers as a {@link ClassificationReport} (like seqeval's {@code
   * classification_report}): one row per type with support = gold chunks, micro average = the
   * overall conlleval scores, macro and weighted averages over types, and token accuracy.
   */
  public ClassificationReport toClassificationReport() {
    List<String> labels = new ArrayList<>(types.keySet());
    int n = labels.size();
    long[] tp = new long[n];
    long[] predicted = new long[n];
    long[] support = new long[n];
    for (int i = 0; i < n; i++) {
      TypeScores t = types.get(labels.get(i));
      tp[i] = t.correct();
      predicted[i] = t.predicted();
      support[i] = t.gold();
    }
    return ClassificationReport.fromCounts(
        labels, tp, predicted, support, accuracy(), ClassificationReport.Kind.SPANS);
  }
}
