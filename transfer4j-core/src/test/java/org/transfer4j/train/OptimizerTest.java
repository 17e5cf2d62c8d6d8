package org.transfer4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.nn.Parameter;

class OptimizerTest {
  @BeforeAll
  static void engine() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
  }

  private static Map<String, Parameter> scalars(NDManager m, String... namesAndValues) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      out.put(
          namesAndValues[i],
          new Parameter(
              namesAndValues[i], m.create(new float[] {Float.parseFloat(namesAndValues[i + 1])})));
    }
    return out;
  }

  private static Map<String, NDArray> grads(NDManager m, Map<String, Parameter> ps, float g) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    for (String n : ps.keySet()) {
      out.put(n, m.create(new float[] {g}));
    }
    return out;
  }

  /** torch.optim.AdamW's algorithm written out in doubles. */
  @Test
  void adamWMatchesHandComputedUpdateOnAScalar() {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, Parameter> ps = scalars(m, "w", "1.0");
      double lr = 0.1, wd = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
      double[] gs = {0.5, -0.25, 2.0};
      double p = 1, mom = 0, vel = 0;
      try (Optimizer opt = new AdamW(ParamGroup.split(ps, wd, List.of()), b1, b2, eps)) {
        for (int t = 1; t <= gs.length; t++) {
          try (NDManager step = m.newSubManager()) {
            opt.step(grads(step, ps, (float) gs[t - 1]), lr, step);
          }
          p -= lr * wd * p;
          mom = b1 * mom + (1 - b1) * gs[t - 1];
          vel = b2 * vel + (1 - b2) * gs[t - 1] * gs[t - 1];
          double mhat = mom / (1 - Math.pow(b1, t));
          double vhat = vel / (1 - Math.pow(b2, t));
          p -= lr * mhat / (Math.sqrt(vhat) + eps);
          assertThat((double) ps.get("w").value().getFloat()).isCloseTo(p, within(1e-6));
        }
        assertThat(opt.stepCount()).isEqualTo(3);
        assertThat(opt.stateTensors()).containsOnlyKeys("w.exp_avg", "w.exp_avg_sq");
      }
      // first step by hand: 1 - 0.1*0.01 = 0.999, then - 0.1 * 0.5/(0.5+1e-8)
      assertThat(0.999 - 0.1 * 0.5 / (0.5 + 1e-8)).isCloseTo(0.899, within(1e-7));
    }
  }

  @Test
  void noDecayGroupGetsNoDecay() {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, Parameter> ps =
          scalars(
              m,
              "layer.weight",
              "2.0",
              "layer.bias",
              "2.0",
              "embeddings.LayerNorm.weight",
              "2.0",
              "h.0.ln_1.weight",
              "2.0");
      List<ParamGroup> groups = ParamGroup.split(ps, 0.1, List.of());
      assertThat(groups).extracting(ParamGroup::name).containsExactly("decay", "no_decay");
      try (Optimizer opt = new Sgd(groups, 0)) {
        opt.step(grads(m, ps, 0f), 0.5, m); // zero gradient: only decay can move a weight
      }
      // SGD L2: g = 0 + 0.1 * 2 = 0.2; p = 2 - 0.5 * 0.2 = 1.9
      assertThat(ps.get("layer.weight").value().getFloat()).isCloseTo(1.9f, within(1e-6f));
      for (String n : List.of("layer.bias", "embeddings.LayerNorm.weight", "h.0.ln_1.weight")) {
        assertThat(ps.get(n).value().getFloat()).as(n).isEqualTo(2.0f);
      }
    }
  }

  @Test
  void adamWDecayIsDecoupledAndSkipsNoDecayParameters() {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, Parameter> ps = scalars(m, "fc.weight", "2.0", "fc.bias", "2.0");
      try (Optimizer opt = new AdamW(ParamGroup.split(ps, 0.1, List.of()))) {
        opt.step(grads(m, ps, 0f), 0.5, m);
      }
      // zero gradient: Adam's step is 0/(0+eps) = 0, decay gives 2 * (1 - 0.5 * 0.1) = 1.9
      assertThat(ps.get("fc.weight").value().getFloat()).isCloseTo(1.9f, within(1e-6f));
      assertThat(ps.get("fc.bias").value().getFloat()).isEqualTo(2.0f);
    }
  }

  @Test
  void perGroupLearningRateScalesTheUpdate() {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, Parameter> ps = scalars(m, "embeddings.word.weight", "1.0", "head.weight", "1.0");
      List<ParamGroup> groups =
          ParamGroup.split(
              ps, 0, List.of(new ParamGroup.LrRule(Pattern.compile("^embeddings\\."), 0.1)));
      assertThat(groups).hasSize(2);
      try (Optimizer opt = new Sgd(groups, 0)) {
        opt.step(grads(m, ps, 1f), 0.5, m);
      }
      assertThat(ps.get("head.weight").value().getFloat()).isCloseTo(0.5f, within(1e-6f));
      assertThat(ps.get("embeddings.word.weight").value().getFloat())
          .isCloseTo(0.95f, within(1e-6f));
    }
  }

  @Test
  void sgdMomentumMatchesTorch() {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, Parameter> ps = scalars(m, "w", "1.0");
      try (Optimizer opt = new Sgd(ParamGroup.split(ps, 0, List.of()), 0.9)) {
        opt.step(grads(m, ps, 1f), 0.1, m); // buf = 1, p = 0.9
        opt.step(grads(m, ps, 1f), 0.1, m); // buf = 1.9, p = 0.71
      }
      assertThat(ps.get("w").value().getFloat()).isCloseTo(0.71f, within(1e-6f));
    }
  }

  @Test
  void adamWithoutDecoupledDecayAddsL2ToTheGradient() {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, Parameter> ps = scalars(m, "w", "1.0");
      try (Optimizer opt = new Adam(ParamGroup.split(ps, 0.5, List.of()))) {
        opt.step(grads(m, ps, -0.5f), 0.1, m); // g = -0.5 + 0.5 * 1 = 0: no move at all
      }
      assertThat(ps.get("w").value().getFloat()).isCloseTo(1.0f, within(1e-6f));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "bert.encoder.layer.0.attention.output.dense.bias, true",
    "bert.embeddings.LayerNorm.weight, true",
    "bert.embeddings.LayerNorm.bias, true",
    "distilbert.transformer.layer.0.sa_layer_norm.weight, true",
    "h.11.ln_2.weight, true",
    "ln_f.weight, true",
    "bert.encoder.layer.0.attention.self.query.weight, false",
    "bert.embeddings.word_embeddings.weight, false",
    "kiln_x.weight, false",
  })
  void noDecayNamesFollowTheSeedScripts(String name, boolean noDecay) {
    assertThat(ParamGroup.isNoDecay(name)).isEqualTo(noDecay);
  }
}
