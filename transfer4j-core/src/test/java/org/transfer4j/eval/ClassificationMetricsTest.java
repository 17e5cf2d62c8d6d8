package org.transfer4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Single-label metrics against tables computed by hand with scikit-learn's definitions (precision
 * tp/(tp+fp), recall tp/(tp+fn), F1 2tp/(2tp+fp+fn), zero division gives 0).
 */
class ClassificationMetricsTest {
  static final double EPS = 1e-12;

  /** One hand-worked case: expected rows {P, R, F1, support} per class, then the averages. */
  record Case(
      String name,
      List<String> labels,
      int[] gold,
      int[] pred,
      double[][] rows,
      double accuracy,
      double[] macro,
      double[] weighted) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        // scikit-learn's classification_report documentation example.
        // class 0: tp 1, predicted 2, support 1 -> P 1/2, R 1, F 2/3
        // class 1: tp 0, predicted 1, support 1 -> 0, 0, 0
        // class 2: tp 2, predicted 2, support 3 -> P 1, R 2/3, F 4/5
        // macro P (1/2+0+1)/3 = 1/2, R (1+0+2/3)/3 = 5/9, F (2/3+0+4/5)/3 = 22/45
        // weighted P (1/2*1+0*1+1*3)/5 = 7/10, R (1+0+2)/5 = 3/5, F (2/3+0+12/5)/5 = 46/75
        new Case(
            "sklearn docs example",
            List.of("class 0", "class 1", "class 2"),
            new int[] {0, 1, 2, 2, 2},
            new int[] {0, 0, 2, 2, 1},
            new double[][] {{0.5, 1, 2.0 / 3, 1}, {0, 0, 0, 1}, {1, 2.0 / 3, 0.8, 3}},
            0.6,
            new double[] {0.5, 5.0 / 9, 22.0 / 45},
            new double[] {0.7, 0.6, 46.0 / 75}),
        // c is never predicted (and never right): precision 0 by zero division.
        // a: tp 2, predicted 4, support 2 -> 1/2, 1, 4/6; b: tp 1, predicted 1, support 2 -> 1,
        // 1/2, 2/3; c: tp 0, predicted 0, support 1 -> 0, 0, 0 (F: 0/(0+0+1))
        // macro P 1/2, R 1/2, F 4/9; weighted P (1+2+0)/5, R (2+1+0)/5, F (4/3+4/3)/5 = 8/15
        new Case(
            "class never predicted",
            List.of("a", "b", "c"),
            new int[] {0, 0, 1, 1, 2},
            new int[] {0, 0, 0, 1, 0},
            new double[][] {{0.5, 1, 2.0 / 3, 2}, {1, 0.5, 2.0 / 3, 2}, {0, 0, 0, 1}},
            0.6,
            new double[] {0.5, 0.5, 4.0 / 9},
            new double[] {0.6, 0.6, 8.0 / 15}),
        // c has no support but is predicted once: recall 0 by zero division, precision 0.
        // a: tp 1, predicted 1, support 2 -> 1, 1/2, 2/3; b: 1, 1, 1; c: 0, 0, 0 (support 0)
        // macro P 2/3, R 1/2, F 5/9; weighted (support 2, 2, 0) P 1, R 3/4, F (4/3+2)/4 = 5/6
        new Case(
            "class with no support",
            List.of("a", "b", "c"),
            new int[] {0, 0, 1, 1},
            new int[] {0, 2, 1, 1},
            new double[][] {{1, 0.5, 2.0 / 3, 2}, {1, 1, 1, 2}, {0, 0, 0, 0}},
            0.75,
            new double[] {2.0 / 3, 0.5, 5.0 / 9},
            new double[] {1, 0.75, 5.0 / 6}),
        // d neither occurs nor is predicted: all its metrics 0, and it still counts in macro.
        new Case(
            "class absent everywhere",
            List.of("a", "b", "d"),
            new int[] {0, 1},
            new int[] {0, 1},
            new double[][] {{1, 1, 1, 1}, {1, 1, 1, 1}, {0, 0, 0, 0}},
            1.0,
            new double[] {2.0 / 3, 2.0 / 3, 2.0 / 3},
            new double[] {1, 1, 1}),
        // No examples at all: every metric is 0 (zero division), supports 0.
        new Case(
            "all empty",
            List.of("a", "b"),
            new int[] {},
            new int[] {},
            new double[][] {{0, 0, 0, 0}, {0, 0, 0, 0}},
            0.0,
            new double[] {0, 0, 0},
            new double[] {0, 0, 0}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesHandComputedTable(Case c) {
    ClassificationReport r = ClassificationMetrics.report(c.gold(), c.pred(), c.labels());
    assertThat(r.labels()).isEqualTo(c.labels());
    for (int i = 0; i < c.rows().length; i++) {
      ClassScores s = r.classes().get(i);
      assertThat(s.precision()).as(s.label() + " precision").isCloseTo(c.rows()[i][0], within(EPS));
      assertThat(s.recall()).as(s.label() + " recall").isCloseTo(c.rows()[i][1], within(EPS));
      assertThat(s.f1()).as(s.label() + " f1").isCloseTo(c.rows()[i][2], within(EPS));
      assertThat(s.support()).as(s.label() + " support").isEqualTo((long) c.rows()[i][3]);
    }
    assertThat(r.accuracy()).isCloseTo(c.accuracy(), within(EPS));
    assertAverage(r.macro(), c.macro(), "macro");
    assertAverage(r.weighted(), c.weighted(), "weighted");
    assertThat(r.macro().support()).isEqualTo(c.gold().length);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void microAverageEqualsAccuracyForSingleLabel(Case c) {
    ClassificationReport r = ClassificationMetrics.report(c.gold(), c.pred(), c.labels());
    assertThat(r.micro().precision()).isCloseTo(r.accuracy(), within(EPS));
    assertThat(r.micro().recall()).isCloseTo(r.accuracy(), within(EPS));
    assertThat(r.micro().f1()).isCloseTo(r.accuracy(), within(EPS));
    assertThat(ClassificationMetrics.accuracy(c.gold(), c.pred()))
        .isCloseTo(c.accuracy(), within(EPS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void weightedAverageWeighsBySupport(Case c) {
    ClassificationReport r = ClassificationMetrics.report(c.gold(), c.pred(), c.labels());
    double total = r.classes().stream().mapToLong(ClassScores::support).sum();
    double f = 0;
    for (ClassScores s : r.classes()) {
      f += s.f1() * s.support();
    }
    assertThat(r.weighted().f1()).isCloseTo(total == 0 ? 0 : f / total, within(EPS));
  }

  @Test
  void weightedDiffersFromMacroWhenSupportIsImbalanced() {
    // a: 9 examples all right (F 1); b: 1 example predicted as a (F 0); a's precision 9/10.
    int[] gold = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    int[] pred = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    ClassificationReport r = ClassificationMetrics.report(gold, pred, List.of("a", "b"));
    double fa = 18.0 / 19; // 2*9 / (2*9 + 1 + 0)
    assertThat(r.macro().f1()).isCloseTo(fa / 2, within(EPS));
    assertThat(r.weighted().f1()).isCloseTo(fa * 9 / 10, within(EPS));
  }

  @Test
  void binaryF1OfPositiveLabel() {
    int[] gold = {1, 1, 0, 0, 1};
    int[] pred = {1, 0, 0, 1, 1};
    // positive 1: tp 2, predicted 3, support 3 -> P = R = F = 2/3
    assertThat(ClassificationMetrics.binaryF1(gold, pred, 1)).isCloseTo(2.0 / 3, within(EPS));
    // positive 0: tp 1, predicted 2, support 2 -> 1/2
    ClassScores neg = ClassificationMetrics.binary(gold, pred, 0);
    assertThat(neg.precision()).isCloseTo(0.5, within(EPS));
    assertThat(neg.recall()).isCloseTo(0.5, within(EPS));
    assertThat(neg.support()).isEqualTo(2);
    ClassScores byName =
        ClassificationMetrics.binary(
            List.of("pos", "pos", "neg", "neg", "pos"),
            List.of("pos", "neg", "neg", "pos", "pos"),
            "pos");
    assertThat(byName.label()).isEqualTo("pos");
    assertThat(byName.f1()).isCloseTo(2.0 / 3, within(EPS));
    // the positive class is never predicted: precision and F1 are 0, not NaN
    ClassScores none = ClassificationMetrics.binary(new int[] {1, 0}, new int[] {0, 0}, 1);
    assertThat(List.of(none.precision(), none.recall(), none.f1())).containsOnly(0.0);
  }

  @Test
  void labelsByNameAreTheSortedUnion() {
    ConfusionMatrix cm =
        ConfusionMatrix.ofNames(List.of("cat", "dog", "cat"), List.of("dog", "ant", "cat"));
    assertThat(cm.labels()).containsExactly("ant", "cat", "dog");
    // rows true, columns predicted
    assertThat(cm.counts()).isEqualTo(new long[][] {{0, 0, 0}, {0, 1, 1}, {1, 0, 0}});
    ClassificationReport r =
        ClassificationMetrics.reportOfNames(List.of("x", "y"), List.of("x", "x"));
    assertThat(r.forLabel("x").precision()).isCloseTo(0.5, within(EPS));
    assertThat(r.forLabel("y").support()).isEqualTo(1);
  }

  @Test
  void rowNormalizedRowsSumToOneAndEmptyRowsAreZero() {
    ConfusionMatrix cm =
        ConfusionMatrix.of(new int[] {0, 0, 0, 1}, new int[] {0, 1, 1, 1}, List.of("a", "b", "c"));
    double[][] n = cm.rowNormalized();
    assertThat(n[0]).containsExactly(1.0 / 3, 2.0 / 3, 0.0);
    assertThat(n[1]).containsExactly(0.0, 1.0, 0.0);
    assertThat(n[2]).containsExactly(0.0, 0.0, 0.0);
  }

  @Test
  void badIndicesAndLengthsAreRejected() {
    assertThatThrownBy(
            () ->
                ClassificationMetrics.report(new int[] {0, 3}, new int[] {0, 0}, List.of("a", "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gold class index 3 at position 1");
    assertThatThrownBy(() -> ClassificationMetrics.accuracy(new int[] {0}, new int[] {0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gold has 1 labels but predictions have 2");
    assertThatThrownBy(() -> ConfusionMatrix.ofNames(List.of("a"), List.of("z"), List.of("a")))
        .hasMessageContaining("predicted label 'z' at position 0");
  }

  private static void assertAverage(Average a, double[] expected, String name) {
    assertThat(a.precision()).as(name + " precision").isCloseTo(expected[0], within(EPS));
    assertThat(a.recall()).as(name + " recall").isCloseTo(expected[1], within(EPS));
    assertThat(a.f1()).as(name + " f1").isCloseTo(expected[2], within(EPS));
  }
}
