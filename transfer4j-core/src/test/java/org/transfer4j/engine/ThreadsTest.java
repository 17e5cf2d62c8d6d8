package org.transfer4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadsTest {
  /**
   * Regression (spark-ort-oversubscription): a Spark executor set PyTorch to its cores through
   * {@link Bootstrap#init}, but ONNX Runtime sessions, the default engine, still took every core of
   * the machine: {@code local[1]} used 1.65 cores. Sessions without their own count now follow
   * init's.
   */
  @Test
  void onnxSessionsWithoutAThreadCountFollowTheCountGivenToInit() {
    int cores = Runtime.getRuntime().availableProcessors();
    try {
      Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
      assertThat(Bootstrap.resolveThreads(0)).isEqualTo(1);
      assertThat(Bootstrap.resolveThreads(3)).isEqualTo(3);
    } finally {
      Bootstrap.init(Bootstrap.Options.defaults().withThreads(cores));
    }
    assertThat(Bootstrap.resolveThreads(0)).isEqualTo(cores);
  }
}
