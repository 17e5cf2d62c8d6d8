package org.transfer4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultiLabelMetricsTest {
  static final List<String> LABELS = List.of("x", "y", "z");
  static final boolean[][] GOLD = {{true, false, true}, {false, true, false}, {true, true, false}};
  // Thresholded at 0.5 (inclusive): {1,0,0}, {0,1,1}, {1,1,0}.
  static final double[][] PROBS = {{0.9, 0.2, 0.4}, {0.1, 0.6, 0.5}, {0.7, 0.8, 0.1}};

  @Test
  void perLabelMicroMacroWeightedAndSubsetAccuracy() {
    ClassificationReport r = MultiLabelMetrics.report(GOLD, PROBS, 0.5, LABELS);
    assertThat(r.kind()).isEqualTo(ClassificationReport.Kind.MULTI_LABEL);
    // x: tp 2, predicted 2, support 2 -> 1, 1, 1
    // y: tp 2, predicted 2, support 2 -> 1, 1, 1
    // z: tp 0, predicted 1, support 1 -> 0, 0, 0
    assertRow(r.forLabel("x"), 1, 1, 1, 2);
    assertRow(r.forLabel("y"), 1, 1, 1, 2);
    assertRow(r.forLabel("z"), 0, 0, 0, 1);
    // micro: tp 4, predicted 5, support 5 -> 4/5 each
    assertThat(r.micro().precision()).isCloseTo(0.8, within(1e-12));
    assertThat(r.micro().recall()).isCloseTo(0.8, within(1e-12));
    assertThat(r.micro().f1()).isCloseTo(0.8, within(1e-12));
    // macro: (1 + 1 + 0) / 3; weighted: (2 + 2 + 0) / 5
    assertThat(r.macro().f1()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(r.weighted().f1()).isCloseTo(0.8, within(1e-12));
    // only example 2 has exactly the right set
    assertThat(r.accuracy()).isCloseTo(1.0 / 3, within(1e-12));
    // wrong cells: (0, z) and (1, z) of 9
    boolean[][] pred = MultiLabelMetrics.threshold(PROBS, 0.5);
    assertThat(MultiLabelMetrics.hammingLoss(GOLD, pred)).isCloseTo(2.0 / 9, within(1e-12));
  }

  @Test
  void noPredictionsAtAllGivesZerosNotNaN() {
    ClassificationReport r = MultiLabelMetrics.report(GOLD, PROBS, 2.0, LABELS);
    assertThat(r.micro().precision()).isZero();
    assertThat(r.micro().f1()).isZero();
    assertThat(r.macro().precision()).isZero();
    assertThat(r.accuracy()).isZero();
  }

  @Test
  void wrongWidthIsRejected() {
    assertThatThrownBy(
            () ->
                MultiLabelMetrics.report(
                    new boolean[][] {{true, false}}, new boolean[][] {{true, false}}, LABELS))
        .hasMessageContaining("example 0 has 2 gold and 2 predicted indicators; expected 3");
  }

  private static void assertRow(ClassScores s, double p, double r, double f, long support) {
    assertThat(s.precision()).as(s.label()).isCloseTo(p, within(1e-12));
    assertThat(s.recall()).as(s.label()).isCloseTo(r, within(1e-12));
    assertThat(s.f1()).as(s.label()).isCloseTo(f, within(1e-12));
    assertThat(s.support()).as(s.label()).isEqualTo(support);
  }
}
