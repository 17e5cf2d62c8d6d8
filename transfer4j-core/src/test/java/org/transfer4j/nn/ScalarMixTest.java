package org.transfer4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.transfer4j.engine.Bootstrap;

class ScalarMixTest {
  @BeforeAll
  static void engine() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
  }

  @Test
  void weightsSumToOneAndTheMixMatchesTheWeightedSum() {
    try (NDManager m = NDManager.newBaseManager()) {
      ScalarMix mix = new ScalarMix(m, 3);
      mix.namedParameters()
          .get("scalar_parameters")
          .copyFrom(m.create(new float[] {0.5f, -1f, 2f}));
      mix.namedParameters().get("gamma").copyFrom(m.create(new float[] {1.5f}));
      float[] w = mix.weights(m).toFloatArray();
      assertThat(w[0] + w[1] + w[2]).isCloseTo(1f, offset(1e-6f));
      double z = Math.exp(0.5) + Math.exp(-1) + Math.exp(2);
      assertThat((double) w[2]).isCloseTo(Math.exp(2) / z, offset(1e-6));
      // one word, three layers of dimension 2
      NDArray h = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 3, 2));
      float[] out = mix.forward(h).toFloatArray();
      for (int d = 0; d < 2; d++) {
        double expected = 1.5 * (w[0] * (1 + d) + w[1] * (3 + d) + w[2] * (5 + d));
        assertThat((double) out[d]).isCloseTo(expected, offset(1e-5));
      }
    }
  }

  @Test
  void layerWeightsAndGammaGetGradients() {
    try (NDManager m = NDManager.newBaseManager()) {
      ScalarMix mix = new ScalarMix(m, 4);
      NDArray h = m.randomNormal(new Shape(2, 5, 4, 3));
      try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        // a loss that prefers some layers over others
        NDArray loss = mix.forward(h).mul(m.randomNormal(new Shape(2, 5, 3))).sum();
        gc.backward(loss);
      }
      mix.namedParameters()
          .forEach(
              (name, p) ->
                  assertThat(p.value().getGradient().abs().sum().getFloat())
                      .as(name)
                      .isGreaterThan(0f));
    }
  }
}
