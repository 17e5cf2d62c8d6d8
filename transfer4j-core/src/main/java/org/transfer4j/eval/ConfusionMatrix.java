package org.transfer4j.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Counts of (true label, predicted label) pairs for single-label classification: row {@code t},
 * column {@code p} is how many examples of class {@code t} were predicted as {@code p} (the layout
 * of scikit-learn's {@code confusion_matrix}). Mutable accumulator: an evaluation loop adds batches
 * with {@link #add(int[], int[])}, then builds a report with {@link ClassificationMetrics#report}.
 *
 * <pre>{@code
 * ConfusionMatrix cm = ConfusionMatrix.empty(List.of("neg", "pos"));
 * cm.add(goldBatch, RankingMetrics.argmax(logits, 2));
 * ClassificationReport r = ClassificationMetrics.report(cm);
 * }</pre>
 */
public final class ConfusionMatrix {
  private final List<String> labels;
  private final Map<String, Integer> index;
  private final long[][] counts; // (true, predicted)

  private ConfusionMatrix(List<String> labels) {
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("a confusion matrix needs at least one label");
    }
    this.labels = List.copyOf(labels);
    this.index = new HashMap<>();
    for (int i = 0; i < this.labels.size(); i++) {
      if (index.put(this.labels.get(i), i) != null) {
        throw new IllegalArgumentException("label '" + this.labels.get(i) + "' listed twice");
      }
    }
    this.counts = new long[labels.size()][labels.size()];
  }

  /** An all-zero matrix over {@code labels} (class index i is {@code labels.get(i)}). */
  public static ConfusionMatrix empty(List<String> labels) {
    return new ConfusionMatrix(labels);
  }

  /** The matrix of class indices {@code gold[i]} versus {@code pred[i]}. */
  public static ConfusionMatrix of(int[] gold, int[] pred, List<String> labels) {
    ConfusionMatrix cm = new ConfusionMatrix(labels);
    cm.add(gold, pred);
    return cm;
  }

  /**
   * The matrix of label names; the classes are the sorted union of both lists, as scikit-learn's
   * {@code unique_labels} does when no labels are given.
   */
  public static ConfusionMatrix ofNames(List<String> gold, List<String> pred) {
    TreeSet<String> all = new TreeSet<>(gold);
    all.addAll(pred);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no labels: both lists are empty");
    }
    return ofNames(gold, pred, new ArrayList<>(all));
  }

  /** The matrix of label names over the given classes, in that order. */
  public static ConfusionMatrix ofNames(List<String> gold, List<String> pred, List<String> labels) {
    checkSameLength(gold.size(), pred.size());
    ConfusionMatrix cm = new ConfusionMatrix(labels);
    for (int i = 0; i < gold.size(); i++) {
      cm.counts[cm.indexOf(gold.get(i), "gold", i)][cm.indexOf(pred.get(i), "predicted", i)]++;
    }
    return cm;
  }

  /** Adds one example. */
  public void add(int gold, int pred) {
    checkIndex(gold, "gold", -1);
    checkIndex(pred, "predicted", -1);
    counts[gold][pred]++;
  }

  /** Adds a batch of examples (class indices). */
  public void add(int[] gold, int[] pred) {
    checkSameLength(gold.length, pred.length);
    for (int i = 0; i < gold.length; i++) {
      checkIndex(gold[i], "gold", i);
      checkIndex(pred[i], "predicted", i);
    }
    for (int i = 0; i < gold.length; i++) {
      counts[gold[i]][pred[i]]++;
    }
  }

  public List<String> labels() {
    return labels;
  }

  public int size() {
    return labels.size();
  }

  /** Examples of class {@code gold} predicted as {@code pred}. */
  public long count(int gold, int pred) {
    return counts[gold][pred];
  }

  /** A copy of the counts, rows true classes, columns predictions. */
  public long[][] counts() {
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }

  /**
   * Each row divided by its sum (scikit-learn's {@code normalize="true"}): the fraction of class
   * t's examples predicted as each class. A class with no examples gets a row of zeros.
   */
  public double[][] rowNormalized() {
    double[][] out = new double[counts.length][counts.length];
    for (int t = 0; t < counts.length; t++) {
      long s = support(t);
      for (int p = 0; p < counts.length && s > 0; p++) {
        out[t][p] = (double) counts[t][p] / s;
      }
    }
    return out;
  }

  /** Examples whose true class is {@code c} (row sum). */
  public long support(int c) {
    return Arrays.stream(counts[c]).sum();
  }

  /** Examples predicted as {@code c} (column sum). */
  public long predicted(int c) {
    long s = 0;
    for (long[] row : counts) {
      s += row[c];
    }
    return s;
  }

  /** Correct predictions of class {@code c} (the diagonal). */
  public long truePositives(int c) {
    return counts[c][c];
  }

  public long total() {
    long s = 0;
    for (int c = 0; c < counts.length; c++) {
      s += support(c);
    }
    return s;
  }

  /** Fraction of examples on the diagonal; 0 when the matrix is empty (zero division). */
  public double accuracy() {
    long total = total();
    long correct = 0;
    for (int c = 0; c < counts.length; c++) {
      correct += counts[c][c];
    }
    return total == 0 ? 0.0 : (double) correct / total;
  }

  private int indexOf(String label, String which, int position) {
    Integer i = index.get(label);
    if (i == null) {
      throw new IllegalArgumentException(
          which + " label '" + label + "' at position " + position + " is not one of " + labels);
    }
    return i;
  }

  private void checkIndex(int c, String which, int position) {
    if (c < 0 || c >= labels.size()) {
      throw new IllegalArgumentException(
          which
              + " class index "
              + c
              + (position >= 0 ? " at position " + position : "")
              + " is outside 0.."
              + (labels.size() - 1));
    }
  }

  static void checkSameLength(int gold, int pred) {
    if (gold != pred) {
      throw new IllegalArgumentException(
          "gold has " + gold + " labels but predictions have " + pred);
    }
  }
}
