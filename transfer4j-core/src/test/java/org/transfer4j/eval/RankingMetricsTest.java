package org.transfer4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RankingMetricsTest {
  // Row 0: true 2 (0.4); class 1 scores higher -> rank 2.
  // Row 1: true 0 (0.3); class 2 higher, class 1 ties and has the higher index, so it ranks
  //        first (scikit-learn's rule) -> rank 3.
  // Row 2: true 1 (0.2); class 2 higher; class 0 ties but has the lower index -> rank 2.
  static final double[][] SCORES = {{0.1, 0.5, 0.4}, {0.3, 0.3, 0.4}, {0.2, 0.2, 0.6}};
  static final int[] GOLD = {2, 0, 1};

  @ParameterizedTest(name = "top-{0} = {1}")
  @CsvSource({"1, 0.0", "2, 0.6666666666666666", "3, 1.0", "7, 1.0"})
  void topKUsesScikitLearnTieRule(int k, double expected) {
    assertThat(RankingMetrics.topKAccuracy(SCORES, GOLD, k)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void topOneWithoutTiesIsAccuracyOfArgmax() {
    double[][] s = {{0.1, 0.9}, {0.8, 0.2}, {0.3, 0.7}};
    int[] gold = {1, 1, 1};
    assertThat(RankingMetrics.topKAccuracy(s, gold, 1))
        .isEqualTo(ClassificationMetrics.accuracy(gold, RankingMetrics.argmax(s)));
  }

  @Test
  void argmaxTakesTheFirstMaximum() {
    assertThat(RankingMetrics.argmax(new double[] {1, 3, 3, 2})).isEqualTo(1);
    float[] flat = {0f, 2f, 2f, /* row 2 */ 5f, -1f, 5f};
    assertThat(RankingMetrics.argmax(flat, 3)).containsExactly(1, 0);
  }

  @Test
  void flatScoresSplitIntoRows() {
    float[] flat = {0.1f, 0.5f, 0.4f, 0.3f, 0.3f, 0.4f, 0.2f, 0.2f, 0.6f};
    double[][] rows = RankingMetrics.rows(flat, 3);
    assertThat(rows).hasNumberOfRows(3);
    assertThat(rows[1][2]).isEqualTo(0.4f);
    assertThat(RankingMetrics.topKAccuracy(rows, GOLD, 2)).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void multipleChoiceAccuracy() {
    double[][] s = {{1, 2, 2}, {3, 1, 0}};
    // row 0: first maximum is choice 1; row 1: choice 0
    assertThat(RankingMetrics.multipleChoiceAccuracy(s, new int[] {1, 0})).isEqualTo(1.0);
    assertThat(RankingMetrics.multipleChoiceAccuracy(s, new int[] {2, 0})).isEqualTo(0.5);
    assertThat(RankingMetrics.multipleChoiceAccuracy(new double[0][], new int[0])).isZero();
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> RankingMetrics.topKAccuracy(SCORES, GOLD, 0))
        .hasMessageContaining("k must be >= 1");
    assertThatThrownBy(() -> RankingMetrics.topKAccuracy(SCORES, new int[] {0, 0, 3}, 1))
        .hasMessageContaining("gold class 3 of example 2");
    assertThatThrownBy(() -> RankingMetrics.argmax(new double[] {0, Double.NaN}))
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> RankingMetrics.argmax(new float[5], 2))
        .hasMessageContaining("not a multiple of 2");
  }

  @Test
  void perplexityIsExpOfMeanNll() {
    assertThat(Perplexity.of(4 * Math.log(2), 4)).isCloseTo(2.0, within(1e-12));
    Perplexity p = new Perplexity();
    p.add(2 * Math.log(3), 2); // batches of different sizes: sum, then divide once
    p.add(Math.log(3), 1);
    assertThat(p.tokens()).isEqualTo(3);
    assertThat(p.value()).isCloseTo(3.0, within(1e-12));
    assertThat(Perplexity.of(0, 10)).isEqualTo(1.0);
    assertThatThrownBy(() -> Perplexity.of(1, 0)).hasMessageContaining("at least one token");
    assertThatThrownBy(() -> new Perplexity().value()).hasMessageContaining("zero tokens");
    assertThatThrownBy(() -> p.add(Double.NaN, 1)).hasMessageContaining("finite");
  }
}
