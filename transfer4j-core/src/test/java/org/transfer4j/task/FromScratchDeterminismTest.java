package org.transfer4j.task;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.bert.BertForSequenceClassification;
import org.transfer4j.nn.Activation;
import org.transfer4j.nn.Scalars;
import org.transfer4j.train.BatchSource;
import org.transfer4j.train.StepResult;
import org.transfer4j.train.Trainer;
import org.transfer4j.train.TrainerConfig;

/**
 * Regression tests for "fine-tuning from scratch with the 30,522-token vocabulary sometimes stops
 * with 'gradient norm is Infinity'": DJL's number overloads ({@code x.mul(0.125f)}) put the number
 * in a tensor over a JVM direct buffer and close it right away, while autograd keeps it for the
 * backward pass, so a garbage collection between forward and backward made the gradients read freed
 * memory. The tests force that collection and write garbage where freed scalars lived.
 */
class FromScratchDeterminismTest {
  @TempDir Path tmp;

  @BeforeAll
  static void engine() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
  }

  /**
   * Collects garbage (the JVM frees unreachable direct buffers), then allocates many small direct
   * buffers holding 1e30: the allocator hands out the freed scalars' memory first, so a backward
   * pass that still reads it sees 1e30 instead of the number.
   */
  static void collectAndScribble() {
    System.gc();
    try {
      Thread.sleep(30); // the JVM's cleaner thread frees the buffers after the collection
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<ByteBuffer> junk = new ArrayList<>();
    for (int i = 0; i < 4096; i++) {
      ByteBuffer b = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
      b.putFloat(0, 1e30f).putFloat(4, 1e30f);
      junk.add(b);
    }
    assertThat(junk).hasSize(4096);
  }

  @Test
  void scalarOperandsSurviveGarbageCollectionBeforeBackward() {
    // gradient of sum(s(x)) for each scalar op, table-driven: (op, expected gradient at x = 2)
    record Case(String name, java.util.function.UnaryOperator<NDArray> op, float grad) {}
    List<Case> cases =
        List.of(
            new Case("mul", x -> Scalars.mul(x, 3), 3f),
            new Case("div", x -> Scalars.div(x, 4), 0.25f),
            new Case("pow", x -> Scalars.pow(x, 3), 12f),
            new Case("maximum", x -> Scalars.maximum(x, 1), 1f),
            new Case("gelu_new", x -> Activation.GELU_NEW.apply(x), geluNewGrad(2f)));
    for (Case c : cases) {
      try (NDManager m = NDManager.newBaseManager()) {
        NDArray x = m.full(new Shape(64), 2f, DataType.FLOAT32);
        x.setRequiresGradient(true);
        try (GradientCollector gc = Bootstrap.engine().newGradientCollector()) {
          NDArray y = c.op().apply(x).sum();
          collectAndScribble();
          gc.backward(y);
        }
        try (NDArray g = x.getGradient()) {
          for (float v : g.toFloatArray()) {
            assertThat(v)
                .as(c.name())
                .isCloseTo(c.grad(), org.assertj.core.data.Offset.offset(1e-4f));
          }
        }
      }
    }
  }

  static float geluNewGrad(double x) {
    double k = Math.sqrt(2 / Math.PI);
    double u = k * (x + 0.044715 * x * x * x);
    double t = Math.tanh(u);
    return (float) (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * 0.044715 * x * x));
  }

  @Test
  void fromScratchLargeVocabGradientsAreFiniteAndDeterministic() throws Exception {
    BertConfig config = TaskFixtures.tinyBert(); // 30,522-token vocabulary, L2/H64
    assertThat(config.vocabSize()).isEqualTo(30522);
    List<List<String>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (NDManager m = NDManager.newBaseManager()) {
        Bootstrap.seed(42);
        var model = HfModels.create(config, BertForSequenceClassification.class, m);
        TrainerConfig tc =
            TrainerConfig.builder(tmp.resolve("run" + run))
                .lr(3e-3)
                .batchSize(8)
                .clip(1.0)
                .maxSteps(3)
                .seed(7)
                .plots(false)
                .build();
        try (Trainer<int[]> trainer =
            Trainer.builder(
                    model,
                    (idx, mm) -> {
                      StepResult r = loss(model, idx, mm);
                      collectAndScribble(); // between forward and backward
                      return r;
                    },
                    BatchSource.shuffled(48, 8, true, i -> i),
                    tc)
                .progress(new PrintStream(OutputStream.nullOutputStream()), false)
                .build()) {
          List<String> log = new ArrayList<>();
          for (Trainer.StepLog s : trainer.fit().history()) {
            assertThat(s.loss()).isFinite();
            assertThat(s.gradNorm()).isFinite();
            log.add(s.loss() + " " + s.gradNorm());
          }
          runs.add(log);
        }
      }
    }
    assertThat(runs.get(0)).hasSize(3);
    assertThat(runs.get(1)).as("same seed, one thread").isEqualTo(runs.get(0));
  }

  /** Random ids over the whole vocabulary, some padding, two classes. */
  static StepResult loss(BertForSequenceClassification model, int[] idx, NDManager m) {
    int seq = 12;
    long[] ids = new long[idx.length * seq];
    long[] mask = new long[ids.length];
    long[] labels = new long[idx.length];
    for (int b = 0; b < idx.length; b++) {
      Random r = new Random(idx[b]);
      int len = 4 + r.nextInt(seq - 4);
      for (int t = 0; t < len; t++) {
        ids[b * seq + t] = t == 0 ? 101 : r.nextInt(30522);
        mask[b * seq + t] = 1;
      }
      labels[b] = idx[b] % 2;
    }
    Shape s = new Shape(idx.length, seq);
    ModelInput in = new ModelInput(m.create(ids, s), m.create(mask, s), m.zeros(s, DataType.INT64));
    NDArray logits = model.forward(in, OutputOptions.NONE).logits();
    return StepResult.of(Losses.crossEntropy(logits, m.create(labels), idx.length), idx.length);
  }
}
