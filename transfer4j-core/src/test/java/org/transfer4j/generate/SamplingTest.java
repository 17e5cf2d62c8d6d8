package org.transfer4j.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.engine.Bootstrap;

class SamplingTest {
  static NDManager manager;
  // probabilities 0.5, 0.25, 0.125, 0.0625, 0.0625 (log-space logits)
  static final float[] P = {0.5f, 0.25f, 0.125f, 0.0625f, 0.0625f};

  @BeforeAll
  static void setUp() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void tearDown() {
    manager.close();
  }

  static NDArray logits(NDManager m) {
    float[] l = new float[P.length];
    for (int i = 0; i < P.length; i++) {
      l[i] = (float) Math.log(P[i]) + 3f; // an offset must not matter
    }
    return m.create(l).reshape(1, P.length);
  }

  static String kept(NDArray filtered) {
    StringBuilder sb = new StringBuilder();
    for (float v : filtered.toFloatArray()) {
      sb.append(Float.isInfinite(v) ? '-' : 'x');
    }
    return sb.toString();
  }

  // Hand-computed: top-p keeps tokens until the mass before them reaches p.
  @ParameterizedTest
  @CsvSource({
    "0.1, x----",
    "0.5, x----",
    "0.51, xx---",
    "0.75, xx---",
    "0.8, xxx--",
    "0.9, xxxxx",
    "1.0, xxxxx"
  })
  void topPKeepsTheSmallestNucleus(float p, String expected) {
    try (NDManager s = manager.newSubManager()) {
      assertThat(kept(Sampling.topP(logits(s), p))).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @CsvSource({"1, x----", "2, xx---", "3, xxx--", "0, xxxxx", "9, xxxxx"})
  void topKKeepsTheKLargest(int k, String expected) {
    try (NDManager s = manager.newSubManager()) {
      assertThat(kept(Sampling.topK(logits(s), k))).isEqualTo(expected);
    }
  }

  @Test
  void gumbelMaxSamplesTheSoftmaxDistribution() {
    Bootstrap.seed(11);
    int n = 20000;
    int[] counts = new int[P.length];
    try (NDManager s = manager.newSubManager()) {
      // n independent rows in one call
      NDArray l = logits(s).broadcast(n, P.length);
      for (long id : Sampling.gumbelMax(l).toLongArray()) {
        counts[(int) id]++;
      }
    }
    double chi2 = 0;
    for (int i = 0; i < P.length; i++) {
      double e = n * P[i];
      chi2 += (counts[i] - e) * (counts[i] - e) / e;
    }
    // 4 degrees of freedom: P(chi2 > 18.5) < 0.001
    assertThat(chi2).isLessThan(18.5);
  }

  @Test
  void sameSeedSameSamples() {
    try (NDManager s = manager.newSubManager()) {
      NDArray l = logits(s).broadcast(64, P.length);
      GenerationConfig c = GenerationConfig.sampling(1, 1.5f, 4, 0.95f, 3);
      Bootstrap.seed(3);
      long[] a = Sampling.sample(l, c).toLongArray();
      Bootstrap.seed(3);
      long[] b = Sampling.sample(l, c).toLongArray();
      assertThat(a).isEqualTo(b);
      GenerationConfig top2 = GenerationConfig.sampling(1, 1f, 2, 1f, 3);
      assertThat(Sampling.sample(l, top2).toLongArray()).containsOnly(0L, 1L).contains(0L, 1L);
    }
  }
}
