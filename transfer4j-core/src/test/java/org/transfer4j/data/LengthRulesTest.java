package org.transfer4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.BadInputException;

class LengthRulesTest {
  @ParameterizedTest(name = "p={0} target={1} -> {2}")
  @CsvSource({
    "0.15, 0.5, 5", // 1 - 0.85^4 = 0.478 < 0.5 <= 1 - 0.85^5 = 0.556
    "0.15, 0.9, 15", // 0.85^14 = 0.103, 0.85^15 = 0.087
    "0.10, 0.5, 7", // 0.9^6 = 0.531, 0.9^7 = 0.478
    "0.50, 0.5, 1", // exactly 0.5 at n = 1
    "1.00, 0.99, 1"
  })
  void minLengthIsSmallestNWithEnoughChanceOfAMask(double p, double target, int expected) {
    int n = LengthRules.minLength(p, target);
    assertThat(n).isEqualTo(expected);
    assertThat(1 - Math.pow(1 - p, n)).isGreaterThanOrEqualTo(target - 1e-12);
    if (n > 1) {
      assertThat(1 - Math.pow(1 - p, n - 1)).isLessThan(target);
    }
  }

  @ParameterizedTest(name = "lengths 1..100, p{0} multiple {1} cap {2} -> {3}")
  @CsvSource({
    "0.95, 8, 512, 104", // p95 = 95, +3 = 98 -> 104
    "0.50, 8, 512, 56", // p50 = 50, +3 = 53 -> 56
    "0.95, 1, 512, 98",
    "0.95, 8, 64, 64", // capped by max_position_embeddings
    "1.00, 16, 512, 112" // max 100 + 3 = 103 -> 112
  })
  void autoMaxLengthFromAKnownDistribution(double q, int multiple, int cap, int expected) {
    LengthHistogram h = new LengthHistogram();
    for (int l = 1; l <= 100; l++) {
      h.add(l);
    }
    MaxLengthChoice c = LengthRules.autoMaxLength(h, q, multiple, cap);
    assertThat(c.maxLength()).isEqualTo(expected);
    assertThat(c.report()).contains("max length: " + expected).contains("#");
  }

  @Test
  void percentileIsNearestRankOnSkewedCounts() {
    LengthHistogram h = new LengthHistogram();
    h.add(10, 90);
    h.add(200, 10);
    assertThat(h.percentile(0.90)).isEqualTo(10);
    assertThat(h.percentile(0.91)).isEqualTo(200);
    assertThat(h.countAtLeast(11)).isEqualTo(10);
    assertThat(h.render(4, 10).lines()).hasSize(4);
  }

  @Test
  void autoMaxLengthOnEmptyCorpusIsBadInput() {
    assertThatThrownBy(() -> LengthRules.autoMaxLength(new LengthHistogram(), 0.95, 8, 512))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--max-length");
  }

  @ParameterizedTest(name = "--max-length {0}")
  @CsvSource({"auto, 104", "AUTO, 104", "64, 64", "'', 104"})
  void resolveMaxLengthOption(String option, int expected) {
    LengthHistogram h = new LengthHistogram();
    for (int l = 1; l <= 100; l++) {
      h.add(l);
    }
    assertThat(LengthRules.resolveMaxLength(option, h, 512).maxLength()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "--max-length {0}")
  @CsvSource({"abc, is not a number", "4, outside [5, 512]", "513, outside [5, 512]"})
  void badMaxLengthOptionNamesTheOption(String option, String message) {
    LengthHistogram h = new LengthHistogram();
    h.add(10);
    assertThatThrownBy(() -> LengthRules.resolveMaxLength(option, h, 512))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--max-length")
        .hasMessageContaining(message);
  }
}
