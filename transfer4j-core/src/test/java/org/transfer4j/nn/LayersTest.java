package org.transfer4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.Bootstrap;

class LayersTest {
  @BeforeAll
  static void engine() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
  }

  /** Reference values: exact GELU x*Phi(x); tanh GELU; ReLU. */
  @ParameterizedTest(name = "{0}({1})")
  @CsvSource({
    "gelu, -3.0, -0.0040496",
    "gelu, -1.0, -0.1586553",
    "gelu, 0.5, 0.3457312",
    "gelu, 2.0, 1.9544997",
    "gelu_new, -1.0, -0.1588080",
    "gelu_new, 0.5, 0.3457140",
    "gelu_new, 2.0, 1.9545977",
    "relu, -1.0, 0.0",
    "relu, 2.0, 2.0"
  })
  void activationsMatchClosedForms(String name, float x, float expected) {
    try (NDManager m = NDManager.newBaseManager()) {
      float y = Activation.parse(name, "test").apply(m.create(new float[] {x})).getFloat(0);
      assertThat(y).isCloseTo(expected, offset(2e-6f));
    }
  }

  @Test
  void unknownActivationListsTheKnownOnes() {
    assertThatThrownBy(() -> Activation.parse("mish", "config.json key hidden_act"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("config.json key hidden_act")
        .hasMessageContaining("gelu, gelu_new, relu");
  }

  @Test
  void paddingAndCausalMasks() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray pad = AttentionMasks.padding(m.create(new long[] {1, 1, 0}, new Shape(1, 3)));
      assertThat(pad.getShape()).isEqualTo(new Shape(1, 1, 1, 3));
      assertThat(pad.toFloatArray()).containsExactly(0f, 0f, -Float.MAX_VALUE);
      NDArray causal = AttentionMasks.causal(m, 3);
      float n = -Float.MAX_VALUE;
      assertThat(causal.toFloatArray()).containsExactly(0, n, n, 0, 0, n, 0, 0, 0);
    }
  }

  @Test
  void paddedKeysGetZeroAttention() {
    try (NDManager m = NDManager.newBaseManager()) {
      var att = new MultiHeadSelfAttention(m, 8, 2, 0f, 0.5f, "q", "k", "v", null);
      att.train(false);
      NDArray x = m.randomNormal(new Shape(1, 4, 8));
      NDArray mask = AttentionMasks.padding(m.create(new long[] {1, 1, 1, 0}, new Shape(1, 4)));
      NDArray p = att.forward(x, mask, true).probabilities();
      assertThat(p.getShape()).isEqualTo(new Shape(1, 2, 4, 4));
      for (int h = 0; h < 2; h++) {
        for (int q = 0; q < 4; q++) {
          assertThat(p.getFloat(0, h, q, 3)).isZero();
          assertThat(p.get(0, h, q).sum().getFloat()).isCloseTo(1f, offset(1e-6f));
        }
      }
      assertThat(att.fusedParts().get("qkv_weight"))
          .containsExactly("q.weight", "k.weight", "v.weight");
    }
  }

  @Test
  void truncatedNormalStaysWithinTwoStandardDeviations() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] v = Init.truncatedNormal(m, new Shape(200, 100), 0.02f).toFloatArray();
      double sum = 0;
      double sq = 0;
      for (float f : v) {
        assertThat(Math.abs(f)).isLessThanOrEqualTo(0.04f);
        sum += f;
        sq += f * f;
      }
      double mean = sum / v.length;
      double std = Math.sqrt(sq / v.length - mean * mean);
      // A normal truncated at 2 sigma has std 0.8796 sigma.
      assertThat(std).isCloseTo(0.8796 * 0.02, offset(0.0005));
      assertThat(mean).isCloseTo(0, offset(0.0005));
    }
  }

  @Test
  void sinusoidalPositionsFollowVaswani() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray t = Embeddings.sinusoidalTable(m, new Shape(10, 4));
      // pos 3, dims: sin(3), cos(3), sin(3/100), cos(3/100)
      assertThat(t.get(3).toFloatArray())
          .containsExactly(
              new float[] {
                (float) Math.sin(3),
                (float) Math.cos(3),
                (float) Math.sin(0.03),
                (float) Math.cos(0.03)
              },
              offset(1e-6f));
      var emb = new Embeddings(m, 10, 4, 10, 0, 0, 1e-12f, 0f, 0.02f, true);
      Init.initialize(emb, 0.02f);
      assertThat(emb.positions().weight().value().toFloatArray()).containsExactly(t.toFloatArray());
      assertThat(emb.words().weight().value().get(0).toFloatArray()).containsOnly(0f);
    }
  }
}
