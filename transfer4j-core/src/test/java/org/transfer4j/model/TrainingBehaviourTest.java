package org.transfer4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.bert.BertForMultipleChoice;
import org.transfer4j.model.bert.BertForPreTraining;
import org.transfer4j.model.bert.BertForSequenceClassification;
import org.transfer4j.model.bert.BertForTokenClassification;
import org.transfer4j.model.distilbert.DistilBertConfig;
import org.transfer4j.model.distilbert.DistilBertForMaskedLM;
import org.transfer4j.model.distilbert.DistilBertForSequenceClassification;
import org.transfer4j.nn.Parameter;

/** Dropout in training vs evaluation, and gradients reaching every parameter, on tiny models. */
class TrainingBehaviourTest {
  static final BertConfig TINY =
      new BertConfig(
          50,
          16,
          2,
          4,
          32,
          "gelu",
          0.1f,
          0.1f,
          16,
          2,
          0.02f,
          1e-12f,
          0,
          "absolute",
          null,
          null,
          Labels.numbered(3),
          List.of());

  static final DistilBertConfig TINY_DISTIL =
      new DistilBertConfig(
          50,
          16,
          false,
          2,
          4,
          16,
          32,
          0.1f,
          0.1f,
          "gelu",
          0.02f,
          0.1f,
          0.2f,
          0,
          Labels.numbered(2),
          List.of());

  @BeforeAll
  static void engine() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    Bootstrap.seed(7);
  }

  static ModelInput input(NDManager m, long... shape) {
    long n = new Shape(shape).size();
    long[] ids = new long[(int) n];
    long[] types = new long[(int) n];
    long[] mask = new long[(int) n];
    for (int i = 0; i < n; i++) {
      ids[i] = 1 + (i * 7) % 49;
      types[i] = (i % shape[shape.length - 1]) >= shape[shape.length - 1] / 2 ? 1 : 0;
      mask[i] =
          i % shape[shape.length - 1] == shape[shape.length - 1] - 1 && i < shape[shape.length - 1]
              ? 0
              : 1;
    }
    Shape s = new Shape(shape);
    return new ModelInput(m.create(ids, s), m.create(mask, s), m.create(types, s));
  }

  @Test
  void dropoutActsOnlyInTraining() {
    try (NDManager m = NDManager.newBaseManager()) {
      var model = HfModels.create(TINY, BertForSequenceClassification.class, m);
      ModelInput in = input(m, 2, 6);
      model.train(true);
      float[] a = model.forward(in, OutputOptions.NONE).logits().toFloatArray();
      float[] b = model.forward(in, OutputOptions.NONE).logits().toFloatArray();
      assertThat(a).isNotEqualTo(b);
      model.train(false);
      float[] c = model.forward(in, OutputOptions.NONE).logits().toFloatArray();
      float[] d = model.forward(in, OutputOptions.NONE).logits().toFloatArray();
      assertThat(c).containsExactly(d);
    }
  }

  /** One backward of a weighted sum of all outputs; every parameter's gradient must be non-zero. */
  static <M extends PretrainedModel> void assertEveryGradientNonZero(
      M model, ModelInput in, Function<M, List<NDArray>> outputs) {
    model.train(true);
    try (GradientCollector gc = Bootstrap.engine().newGradientCollector()) {
      NDArray loss = null;
      for (NDArray o : outputs.apply(model)) {
        NDArray weights = o.getManager().randomNormal(o.getShape());
        NDArray term = o.mul(weights).sum();
        loss = loss == null ? term : loss.add(term);
      }
      gc.backward(loss);
    }
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      try (NDArray g = e.getValue().value().getGradient()) {
        assertThat(g.abs().sum().getFloat()).as("gradient of " + e.getKey()).isGreaterThan(0f);
      }
    }
  }

  @Test
  void gradientsReachEveryParameterOfPretrainingIncludingTiedOnes() {
    try (NDManager m = NDManager.newBaseManager()) {
      var model = HfModels.create(TINY, BertForPreTraining.class, m);
      assertThat(model.namedParameters()).doesNotContainKey("cls.predictions.decoder.weight");
      ModelInput in = input(m, 2, 6);
      assertEveryGradientNonZero(
          model,
          in,
          x -> {
            PreTrainingOutput o = x.forward(in, OutputOptions.NONE);
            return List.of(o.mlmLogits(), o.seqRelationshipLogits());
          });
    }
  }

  @Test
  void gradientsReachEveryParameterOfTheHeads() {
    try (NDManager m = NDManager.newBaseManager()) {
      ModelInput in = input(m, 2, 6);
      List<BiFunction<NDManager, ModelInput, Runnable>> cases =
          List.of(
              (mm, i) ->
                  () -> {
                    var x = HfModels.create(TINY, BertForTokenClassification.class, mm);
                    assertEveryGradientNonZero(
                        x, i, y -> List.of(y.forward(i, OutputOptions.NONE).logits()));
                  },
              (mm, i) ->
                  () -> {
                    var x =
                        HfModels.create(TINY_DISTIL, DistilBertForSequenceClassification.class, mm);
                    assertEveryGradientNonZero(
                        x, i, y -> List.of(y.forward(i, OutputOptions.NONE).logits()));
                  });
      for (var c : cases) {
        c.apply(m, in).run();
      }
      var dmlm = HfModels.create(TINY_DISTIL, DistilBertForMaskedLM.class, m);
      assertThat(dmlm.namedParameters())
          .containsKey("vocab_projector.bias")
          .doesNotContainKey("vocab_projector.weight");
      assertEveryGradientNonZero(
          dmlm, in, y -> List.of(y.forward(in, OutputOptions.NONE).logits()));
      ModelInput choices = input(m, 2, 3, 6);
      var mc = HfModels.create(TINY, BertForMultipleChoice.class, m);
      assertEveryGradientNonZero(
          mc, choices, y -> List.of(y.forward(choices, OutputOptions.NONE).logits()));
    }
  }

  @Test
  void maskedPositionLogitsEqualTheFullLogitsAtThosePositions() {
    try (NDManager m = NDManager.newBaseManager()) {
      var model = HfModels.create(TINY, BertForPreTraining.class, m);
      model.train(false);
      ModelInput in = input(m, 2, 6);
      NDArray full = model.forward(in, OutputOptions.NONE).mlmLogits().reshape(12, 50);
      NDArray positions = m.create(new long[] {1, 4, 7, 11});
      NDArray some = model.forward(in, OutputOptions.NONE, positions).mlmLogits();
      assertThat(some.getShape()).isEqualTo(new Shape(4, 50));
      for (int i = 0; i < 4; i++) {
        long p = positions.toLongArray()[i];
        assertThat(some.get(i).toFloatArray()).containsExactly(full.get(p).toFloatArray());
      }
    }
  }

  @Test
  void multipleChoiceScoresEachChoice() {
    try (NDManager m = NDManager.newBaseManager()) {
      var model = HfModels.create(TINY, BertForMultipleChoice.class, m);
      model.train(false);
      ModelInput in = input(m, 2, 3, 6);
      NDArray logits = model.forward(in, OutputOptions.NONE).logits();
      assertThat(logits.getShape()).isEqualTo(new Shape(2, 3));
      NDArray p = logits.softmax(-1).sum(new int[] {1});
      assertThat(p.toFloatArray())
          .containsExactly(new float[] {1f, 1f}, org.assertj.core.data.Offset.offset(1e-6f));
      // Each choice is scored independently: choice 1 of example 1 alone gives the same score.
      String sel = "1:2, 1:2, :";
      ModelInput one =
          new ModelInput(
              in.inputIds().get(sel), in.attentionMask().get(sel), in.tokenTypeIds().get(sel));
      float alone = model.forward(one, OutputOptions.NONE).logits().getFloat(0, 0);
      assertThat(alone)
          .isCloseTo(logits.getFloat(1, 1), org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  /** Regression: no forward intermediate may stay in the model's manager after a step closes. */
  @Test
  void forwardLeavesNothingInTheModelManager() {
    try (NDManager m = NDManager.newBaseManager()) {
      var pre = HfModels.create(TINY, BertForPreTraining.class, m);
      var distil = HfModels.create(TINY_DISTIL, DistilBertForSequenceClassification.class, m);
      var mc = HfModels.create(TINY, BertForMultipleChoice.class, m);
      int before = m.getManagedArrays().size();
      for (boolean training : new boolean[] {true, false}) {
        pre.train(training);
        distil.train(training);
        mc.train(training);
        try (NDManager step = m.newSubManager()) {
          ModelInput in = input(step, 2, 6);
          pre.forward(in, OutputOptions.ALL, step.create(new long[] {1, 2}));
          distil.forward(in, OutputOptions.ALL);
          mc.forward(input(step, 2, 3, 6), OutputOptions.ALL);
        }
        assertThat(m.getManagedArrays().size()).as("training=" + training).isEqualTo(before);
      }
    }
  }
}
