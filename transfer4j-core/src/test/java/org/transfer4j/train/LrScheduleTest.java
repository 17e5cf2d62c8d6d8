package org.transfer4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LrScheduleTest {
  // kind, init, peak, final, warmup, total, step, expected (hand-computed)
  @ParameterizedTest
  @CsvSource({
    "LINEAR, 0.0, 1.0, 0.0, 10, 110, 0, 0.0",
    "LINEAR, 0.0, 1.0, 0.0, 10, 110, 5, 0.5",
    "LINEAR, 0.0, 1.0, 0.0, 10, 110, 10, 1.0",
    "LINEAR, 0.0, 1.0, 0.0, 10, 110, 60, 0.5",
    "LINEAR, 0.0, 1.0, 0.0, 10, 110, 110, 0.0",
    "LINEAR, 0.0, 1.0, 0.0, 10, 110, 500, 0.0",
    "LINEAR, 0.1, 0.5, 0.05, 4, 104, 2, 0.3",
    "LINEAR, 0.1, 0.5, 0.05, 4, 104, 54, 0.275",
    "LINEAR, 0.1, 0.5, 0.05, 4, 104, 104, 0.05",
    "LINEAR, 0.0, 2.0, 0.0, 0, 4, 0, 2.0",
    "LINEAR, 0.0, 2.0, 0.0, 0, 4, 3, 0.5",
    "CONSTANT, 0.0, 1.0, 0.0, 4, 100, 1, 0.25",
    "CONSTANT, 0.0, 1.0, 0.0, 4, 100, 4, 1.0",
    "CONSTANT, 0.0, 1.0, 0.0, 4, 100, 99999, 1.0",
    "COSINE, 0.0, 1.0, 0.0, 10, 110, 5, 0.5",
    "COSINE, 0.0, 1.0, 0.0, 10, 110, 10, 1.0",
    "COSINE, 0.0, 1.0, 0.0, 10, 110, 60, 0.5",
    "COSINE, 0.0, 1.0, 0.0, 10, 110, 35, 0.8535533905932737",
    "COSINE, 0.0, 1.0, 0.2, 10, 110, 110, 0.2",
    "COSINE, 0.0, 1.0, 0.2, 10, 110, 60, 0.6",
  })
  void givesExactValues(
      LrSchedule.Kind kind,
      double init,
      double peak,
      double fin,
      long warmup,
      long total,
      long step,
      double expected) {
    assertThat(LrSchedule.of(kind, init, peak, fin, warmup, total).lr(step))
        .isCloseTo(expected, within(1e-12));
  }

  @ParameterizedTest
  @CsvSource({
    "500, 1000, 500",
    "0.1, 1000, 100",
    "0.06, 10000, 600",
    "2000, 1000, 1000",
    "0, 5, 0"
  })
  void warmupInStepsOrAsFraction(String spec, long total, long expected) {
    assertThat(Warmup.parse(spec).steps(total)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"abc", "1.5", "-3"})
  void badWarmupIsAClearError(String spec) {
    assertThatThrownBy(() -> Warmup.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("warmup");
  }
}
