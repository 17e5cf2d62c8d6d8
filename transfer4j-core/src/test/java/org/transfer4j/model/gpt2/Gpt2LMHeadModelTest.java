package org.transfer4j.model.gpt2;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.nn.KvCache;
import org.transfer4j.nn.Parameter;

/** The tiny GPT-2 without reference data: cache, masks, dropout, gradients, parameter names. */
class Gpt2LMHeadModelTest {
  static NDManager manager;
  static Gpt2LMHeadModel model;

  @BeforeAll
  static void setUp() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    Bootstrap.seed(7);
    manager = NDManager.newBaseManager();
    model = new Gpt2LMHeadModel(manager, Gpt2Config.tiny());
  }

  @AfterAll
  static void tearDown() {
    manager.close();
  }

  static float maxDiff(NDArray a, NDArray b) {
    return a.sub(b).abs().max().getFloat();
  }

  @Test
  void parameterNamesAreTheHuggingFaceKeysWithTheHeadTiedOnce() {
    Map<String, Parameter> p = model.namedParameters();
    assertThat(p)
        .containsKeys(
            "transformer.wte.weight",
            "transformer.wpe.weight",
            "transformer.h.0.ln_1.weight",
            "transformer.h.0.attn.c_attn.weight",
            "transformer.h.1.mlp.c_proj.bias",
            "transformer.ln_f.bias");
    assertThat(p).doesNotContainKey("lm_head.weight");
    assertThat(p.get("transformer.h.0.attn.c_attn.weight").shape()).isEqualTo(new Shape(32, 96));
    // 2 * (4 LN vectors + attn (32*96+96 + 32*32+32) + mlp (32*128+128 + 128*32+32)) + wte + wpe +
    // ln_f
    long perBlock = 4 * 32 + 32 * 96 + 96 + 32 * 32 + 32 + 32 * 128 + 128 + 128 * 32 + 32;
    assertThat(model.parameterCount()).isEqualTo(2 * perBlock + 101 * 32 + 32 * 32 + 2 * 32);
  }

  @Test
  void cachedLogitsMatchFullRecomputeAtEveryPosition() {
    model.train(false);
    try (NDManager s = manager.newSubManager()) {
      NDArray ids = s.randomInteger(0, 101, new Shape(2, 9), DataType.INT64);
      NDArray full = model.logits(ids); // (2, 9, 101)
      try (KvCache cache = model.newCache(s, 2, 9)) {
        // A 4-token prompt, then one token per call.
        NDArray first = model.forward(ids.get(":, :4"), null, cache, false, false).logits();
        assertThat(maxDiff(first, full.get(":, :4"))).isLessThan(1e-5f);
        for (int t = 4; t < 9; t++) {
          NDArray step = model.nextTokenLogits(ids.get(new NDIndex(":, {}:{}", t, t + 1)), cache);
          assertThat(maxDiff(step, full.get(new NDIndex(":, {}", t))))
              .as("position %d", t)
              .isLessThan(1e-5f);
        }
        assertThat(cache.length()).isEqualTo(9);
      }
    }
  }

  @Test
  void laterTokensDoNotChangeEarlierLogits() {
    model.train(false);
    try (NDManager s = manager.newSubManager()) {
      NDArray a = s.create(new long[][] {{5, 6, 7, 8, 9}});
      NDArray b = s.create(new long[][] {{5, 6, 7, 40, 50}});
      NDArray la = model.logits(a);
      NDArray lb = model.logits(b);
      assertThat(maxDiff(la.get(":, :3"), lb.get(":, :3"))).isLessThan(1e-6f);
      assertThat(maxDiff(la.get(":, 3:"), lb.get(":, 3:"))).isGreaterThan(1e-4f);
    }
  }

  @Test
  void paddedKeysAreIgnored() {
    model.train(false);
    try (NDManager s = manager.newSubManager()) {
      NDArray shortIds = s.create(new long[][] {{3, 1, 4, 1}});
      NDArray padded = s.create(new long[][] {{3, 1, 4, 1, 99, 98}, {3, 1, 4, 1, 0, 0}});
      NDArray mask = s.create(new long[][] {{1, 1, 1, 1, 0, 0}, {1, 1, 1, 1, 0, 0}});
      NDArray expected = model.logits(shortIds); // (1, 4, V)
      NDArray got = model.forward(padded, mask, null, false, false).logits();
      assertThat(maxDiff(got.get(":, :4"), expected.broadcast(2, 4, 101))).isLessThan(1e-5f);
      // A padding hole in the middle: position 3 must ignore key 1.
      NDArray holed = s.create(new long[][] {{3, 1, 4, 1}});
      NDArray holeMask = s.create(new long[][] {{1, 0, 1, 1}});
      NDArray withHole = model.forward(holed, holeMask, null, false, false).logits();
      assertThat(maxDiff(withHole.get(":, 3"), expected.get(":, 3"))).isGreaterThan(1e-4f);
    }
  }

  @Test
  void dropoutIsOnInTrainingAndOffInEvaluation() {
    try (NDManager s = manager.newSubManager()) {
      NDArray ids = s.create(new long[][] {{1, 2, 3, 4, 5, 6}});
      model.train(true);
      NDArray t1 = model.logits(ids);
      NDArray t2 = model.logits(ids);
      model.train(false);
      NDArray e1 = model.logits(ids);
      NDArray e2 = model.logits(ids);
      assertThat(maxDiff(t1, t2)).isGreaterThan(1e-4f);
      assertThat(maxDiff(e1, e2)).isZero();
    }
  }

  @Test
  void gradientsReachEveryParameterIncludingTheTiedEmbedding() {
    model.train(true);
    try (NDManager s = manager.newSubManager()) {
      NDArray ids = s.create(new long[][] {{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}});
      try (GradientCollector gc = Bootstrap.engine().newGradientCollector()) {
        NDArray logits = model.logits(ids.get(":, :-1")); // (2, 5, V)
        NDArray labels = ids.get(":, 1:");
        NDArray loss =
            Loss.softmaxCrossEntropyLoss()
                .evaluate(new NDList(labels.flatten()), new NDList(logits.reshape(-1, 101)));
        gc.backward(loss);
      }
      for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
        try (NDArray g = e.getValue().value().getGradient()) {
          assertThat(g.abs().sum().getFloat()).as(e.getKey()).isGreaterThan(0f);
        }
      }
      // The tied matrix gets the head's gradient on every row, not only on the 12 input tokens.
      try (NDArray g = model.transformer().wte().value().getGradient()) {
        assertThat(g.get("50").abs().sum().getFloat()).isGreaterThan(0f);
      }
    } finally {
      model.train(false);
    }
  }

  @Test
  void geluNewIsTheTanhApproximation() {
    try (NDManager s = manager.newSubManager()) {
      float[] x = {-3f, -1f, -0.5f, 0f, 0.5f, 1f, 3f};
      // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), computed in double.
      float[] expected = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        double v = x[i];
        expected[i] =
            (float)
                (0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))));
      }
      float[] got = org.transfer4j.nn.Activation.GELU_NEW.apply(s.create(x)).toFloatArray();
      for (int i = 0; i < x.length; i++) {
        assertThat(got[i])
            .as("x=%s", x[i])
            .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-6f));
      }
    }
  }

  /** Regression: no forward or generation intermediate may stay in the model's manager. */
  @Test
  void forwardAndGenerationLeaveNothingInTheModelManager() {
    try (NDManager m = NDManager.newBaseManager()) {
      Gpt2LMHeadModel fresh = new Gpt2LMHeadModel(m, Gpt2Config.tiny());
      int before = m.getManagedArrays().size();
      for (boolean training : new boolean[] {true, false}) {
        fresh.train(training);
        try (NDManager step = m.newSubManager()) {
          NDArray ids = step.create(new long[][] {{1, 2, 3}, {4, 5, 6}});
          NDArray mask = step.create(new long[][] {{1, 1, 1}, {0, 1, 1}});
          fresh.forward(ids, mask, null, true, false);
          try (KvCache cache = fresh.newCache(step, 2, 8)) {
            fresh.forward(ids, null, cache, false, true);
            fresh.nextTokenLogits(ids.get(":, :1"), cache);
          }
        }
        assertThat(m.getManagedArrays().size()).as("training=" + training).isEqualTo(before);
      }
      org.transfer4j.generate.Generator g = new org.transfer4j.generate.Generator(fresh);
      long[][] prompt = {{1, 2, 3}};
      g.generate(prompt, org.transfer4j.generate.GenerationConfig.greedy(4));
      g.generate(prompt, org.transfer4j.generate.GenerationConfig.sampling(4, 1f, 5, 0.9f, 1));
      g.generate(prompt, org.transfer4j.generate.GenerationConfig.beamSearch(4, 3, 1f));
      assertThat(m.getManagedArrays().size()).as("after generation").isEqualTo(before);
    }
  }

  @Test
  void tooLongSequenceIsRejected() {
    try (NDManager s = manager.newSubManager()) {
      NDArray ids = s.zeros(new Shape(1, 33), DataType.INT64);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> model.logits(ids))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("n_positions=32");
    }
  }

  @Test
  void decodingFastPathGivesTheLogitsOfTheOrdinaryForward() {
    // beginInference swaps in cached views, constants and an in-place gelu_new; the numbers must
    // stay those of the ordinary path up to float32 rounding, also after endInference.
    model.train(false);
    try (NDManager step = manager.newSubManager()) {
      NDArray ids = step.create(new long[][] {{3, 14, 15, 92, 65}, {35, 89, 79, 32, 38}});
      NDArray reference = model.logits(ids);
      NDManager gen = step.newSubManager();
      model.beginInference(gen);
      NDArray fast;
      try {
        fast = model.forward(ids, null, null, false, false).logits();
      } finally {
        model.endInference();
      }
      assertThat(maxDiff(fast, reference)).isLessThan(1e-5f);
      gen.close(); // the cached views and constants go with it; the model must not need them
      assertThat(maxDiff(model.logits(ids), reference)).isEqualTo(0f);
    } finally {
      model.train(true);
    }
  }
}
