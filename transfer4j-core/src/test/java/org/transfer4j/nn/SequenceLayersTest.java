package org.transfer4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.transfer4j.engine.Bootstrap;

/** Conv1d, masked max pooling, batch norm, spatial dropout and the pretrained embedding. */
class SequenceLayersTest {
  @BeforeAll
  static void engine() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
  }

  @Test
  void conv1dMatchesBruteForce() {
    try (NDManager m = NDManager.newBaseManager()) {
      Conv1d conv = new Conv1d(m, 2, 3, 2);
      NDArray x = m.randomNormal(new Shape(2, 5, 2));
      NDArray y = conv.forward(x);
      assertThat(y.getShape()).isEqualTo(new Shape(2, 4, 3));
      float[] w = conv.weight().value().toFloatArray(); // (out 3, in 2, width 2)
      float[] b = conv.namedParameters().get("bias").value().toFloatArray();
      float[] xs = x.toFloatArray();
      for (int n = 0; n < 2; n++) {
        for (int t = 0; t < 4; t++) {
          for (int o = 0; o < 3; o++) {
            double s = b[o];
            for (int i = 0; i < 2; i++) {
              for (int k = 0; k < 2; k++) {
                s += w[(o * 2 + i) * 2 + k] * xs[(n * 5 + t + k) * 2 + i];
              }
            }
            assertThat(y.getFloat(n, t, o)).isCloseTo((float) s, offset(1e-5f));
          }
        }
      }
    }
  }

  @Test
  void maskedMaxIgnoresPadding() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray h = m.create(new float[] {1, -5, 3, 2, 9, 9, -1, -2, 7, 7, 7, 7}, new Shape(2, 3, 2));
      NDArray mask = m.create(new float[] {1, 1, 0, 1, 0, 0}, new Shape(2, 3));
      float[] got = Pooling.maskedMax(h, mask).toFloatArray();
      // row 0: max over (1,-5),(3,2) = (3,2); row 1: only (-1,-2), negative values survive
      assertThat(got).containsExactly(3f, 2f, -1f, -2f);
      NDArray none = m.zeros(new Shape(2, 3));
      assertThat(Pooling.maskedMax(h, none).abs().max().getFloat()).isZero();
    }
  }

  @Test
  void batchNormTrainsOnBatchStatisticsAndEvaluatesOnRunningOnes() {
    try (NDManager m = NDManager.newBaseManager()) {
      BatchNorm bn = new BatchNorm(m, 1);
      NDArray x = m.create(new float[] {1, 3, 5, 7}, new Shape(4, 1)); // mean 4, var 5 (biased)
      float[] y = bn.forward(x).toFloatArray();
      assertThat(y[0]).isCloseTo((float) (-3 / Math.sqrt(5 + 1e-5)), offset(1e-5f));
      // running: mean 0.9*0 + 0.1*4 = 0.4; var 0.9*1 + 0.1*(20/3) = 1.5667 (unbiased)
      assertThat(bn.runningMean().value().getFloat(0)).isCloseTo(0.4f, offset(1e-6f));
      assertThat(bn.runningVar().value().getFloat(0)).isCloseTo(1.566667f, offset(1e-5f));
      bn.train(false);
      float e = bn.forward(m.create(new float[] {2}, new Shape(1, 1))).getFloat(0, 0);
      assertThat(e).isCloseTo((float) ((2 - 0.4) / Math.sqrt(1.566667 + 1e-5)), offset(1e-5f));
    }
  }

  @Test
  void spatialDropoutDropsWholeChannels() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.ones(new Shape(4, 6, 50));
      NDArray y = SpatialDropout.apply(x, 0.5f, true);
      float[] v = y.toFloatArray();
      int dropped = 0;
      for (int b = 0; b < 4; b++) {
        for (int f = 0; f < 50; f++) {
          float first = v[(b * 6) * 50 + f];
          assertThat(first).isIn(0f, 2f);
          for (int t = 1; t < 6; t++) {
            assertThat(v[(b * 6 + t) * 50 + f]).as("same for every position").isEqualTo(first);
          }
          dropped += first == 0f ? 1 : 0;
        }
      }
      assertThat(dropped).isBetween(50, 150); // about half of 200 channels
      assertThat(SpatialDropout.apply(x, 0.5f, false)).isSameAs(x);
    }
  }

  @Test
  void frozenEmbeddingGetsNoGradientTrainableOneDoes() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] table = {0, 0, 1, 2, 3, 4};
      PretrainedEmbedding frozen = new PretrainedEmbedding(m, table, 3, 2, true);
      PretrainedEmbedding free = new PretrainedEmbedding(m, table, 3, 2, false);
      NDArray ids = m.create(new long[] {2, 1, 0}, new Shape(1, 3));
      assertThat(frozen.forward(ids).toFloatArray()).containsExactly(3, 4, 1, 2, 0, 0);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(frozen.forward(ids).sum().add(free.forward(ids).sum()));
      }
      assertThat(free.weight().value().getGradient().toFloatArray())
          .containsExactly(1, 1, 1, 1, 1, 1);
      assertThat(
              ai.djl.pytorch.jni.JniUtils.getGradient(
                  (ai.djl.pytorch.engine.PtNDArray) frozen.weight().value()))
          .isNull();
    }
  }
}
