package org.transfer4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.transfer4j.engine.Bootstrap;

class GradientClippingTest {
  @Test
  void clipsTheGlobalNormToTheBoundAndReturnsThePreClipNorm() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {3f, 0f});
      NDArray b = m.create(new float[] {0f, 4f, 0f});
      double norm = GradientClipping.clipGlobalNorm(List.of(a, b), 1.0, m);
      assertThat(norm).isCloseTo(5.0, within(1e-9));
      assertThat(GradientClipping.globalNorm(List.of(a, b), m)).isCloseTo(1.0, within(1e-5));
      // direction kept: every element scaled by the same factor (element-wise clipping would not)
      assertThat(a.toFloatArray()[0]).isCloseTo(0.6f, within(1e-5f));
      assertThat(b.toFloatArray()[1]).isCloseTo(0.8f, within(1e-5f));
    }
  }

  @Test
  void leavesSmallGradientsAlone() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {0.3f, 0.4f});
      assertThat(GradientClipping.clipGlobalNorm(List.of(a), 1.0, m)).isCloseTo(0.5, within(1e-7));
      assertThat(a.toFloatArray()).containsExactly(0.3f, 0.4f);
      assertThat(GradientClipping.clipGlobalNorm(List.of(a), 0, m)).isCloseTo(0.5, within(1e-7));
    }
  }
}
