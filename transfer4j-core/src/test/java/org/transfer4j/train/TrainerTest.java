package org.transfer4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.nn.Module;
import org.transfer4j.nn.Parameter;

class TrainerTest {
  static final TinyMlp.Data DATA = TinyMlp.Data.make(256, 1);
  static final TinyMlp.Data VALID = TinyMlp.Data.make(64, 2);
  @TempDir Path tmp;
  NDManager manager;
  ByteArrayOutputStream progress;

  @BeforeEach
  void setUp() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    manager = NDManager.newBaseManager();
    progress = new ByteArrayOutputStream();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  TinyMlp model(int hidden, float dropout, long initSeed) {
    Bootstrap.seed(initSeed);
    return new TinyMlp(manager, hidden, dropout);
  }

  TrainerConfig.Builder config(String name) {
    return TrainerConfig.builder(tmp.resolve(name))
        .lr(1e-2)
        .batchSize(32)
        .weightDecay(0.01)
        .clip(1.0)
        .logEvery(5)
        .plots(false);
  }

  TrainerBuilder<int[]> trainer(TinyMlp m, StepFunction<int[]> step, TrainerConfig c) {
    return Trainer.builder(
            m, step, BatchSource.shuffled(DATA.x().length, c.batchSize(), true, i -> i), c)
        .progress(new PrintStream(progress, true, StandardCharsets.UTF_8), false);
  }

  static Map<String, float[]> weights(Module m) {
    Map<String, float[]> out = new LinkedHashMap<>();
    m.namedParameters().forEach((k, v) -> out.put(k, v.value().toFloatArray()));
    return out;
  }

  static void assertAllClose(Map<String, float[]> a, Map<String, float[]> b, float tol) {
    assertThat(a.keySet()).isEqualTo(b.keySet());
    for (String k : a.keySet()) {
      float[] x = a.get(k);
      float[] y = b.get(k);
      for (int i = 0; i < x.length; i++) {
        assertThat(x[i]).as(k + "[" + i + "]").isCloseTo(y[i], within(tol));
      }
    }
  }

  static List<Double> losses(Trainer.Result r) {
    return r.history().stream().map(Trainer.StepLog::loss).toList();
  }

  @Test
  void lossFallsAndLogsAreWritten() throws IOException {
    TinyMlp m = model(16, 0f, 3);
    TrainerConfig c = config("falls").epochs(6).plots(true).warmup(Warmup.ofFraction(0.1)).build();
    Trainer.Result r;
    try (Trainer<int[]> t =
        trainer(m, m.mse(DATA), c)
            .validation(BatchSource.shuffled(VALID.x().length, 32, false, i -> i), null)
            .build()) {
      r = t.fit();
    }
    List<Double> l = losses(r);
    assertThat(l).hasSize(6 * 8);
    double first = l.subList(0, 4).stream().mapToDouble(d -> d).average().orElseThrow();
    double last =
        l.subList(l.size() - 4, l.size()).stream().mapToDouble(d -> d).average().orElseThrow();
    assertThat(last).isLessThan(0.3 * first);
    assertThat(r.evaluations()).hasSize(6);
    assertThat(r.evaluations().get(5).metrics().get("loss"))
        .isLessThan(r.evaluations().get(0).metrics().get("loss"));
    // logs: JSONL, TensorBoard scalars, plots, best and final checkpoints
    Path out = c.output();
    List<String> jsonl = Files.readAllLines(out.resolve("metrics.jsonl"));
    assertThat(jsonl)
        .anyMatch(s -> s.contains("\"type\":\"train\"") && s.contains("\"grad_norm\""));
    assertThat(jsonl).anyMatch(s -> s.contains("\"type\":\"eval\"") && s.contains("\"loss\""));
    Path events;
    try (var s = Files.list(out.resolve("tensorboard"))) {
      events = s.findFirst().orElseThrow();
    }
    List<String> tags =
        TensorBoardWriterTest.read(events).stream().map(TensorBoardWriterTest.Scalar::tag).toList();
    assertThat(tags).contains("train/loss", "train/learning_rate", "train/grad_norm", "eval/loss");
    assertThat(out.resolve("plots/loss.png")).isNotEmptyFile();
    assertThat(out.resolve("plots/eval_loss.png")).isNotEmptyFile();
    assertThat(out.resolve("final/model.safetensors")).isNotEmptyFile();
    assertThat(out.resolve("best/trainer_state.json")).isNotEmptyFile();
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("loss").contains("steps/s");
  }

  @Test
  void accumulatingFourMicroBatchesOfEightEqualsOneBatchOf32() throws IOException {
    TinyMlp a = model(8, 0f, 5);
    TinyMlp b = model(8, 0f, 5);
    assertAllClose(weights(a), weights(b), 0f);
    TrainerConfig ca = config("accum").batchSize(8).gradAccum(4).maxSteps(5).epochs(0).build();
    TrainerConfig cb = config("big").batchSize(32).gradAccum(1).maxSteps(5).epochs(0).build();
    Trainer.Result ra;
    Trainer.Result rb;
    try (Trainer<int[]> t = trainer(a, a.mse(DATA), ca).build()) {
      ra = t.fit();
    }
    try (Trainer<int[]> t = trainer(b, b.mse(DATA), cb).build()) {
      rb = t.fit();
    }
    assertThat(ra.steps()).isEqualTo(5);
    for (int i = 0; i < 5; i++) {
      assertThat(losses(ra).get(i)).isCloseTo(losses(rb).get(i), within(1e-5));
      assertThat(ra.history().get(i).gradNorm())
          .isCloseTo(rb.history().get(i).gradNorm(), within(1e-5));
    }
    assertAllClose(weights(a), weights(b), 1e-5f);
    // anchor: step 0's norm is that of the mean loss over the first 32 shuffled examples
    int[] first = Arrays.copyOf(IndexBatches.permutation(256, ca.seed(), 0, true), 32);
    TinyMlp ref = model(8, 0f, 5);
    double expected;
    try (NDManager s = manager.newSubManager()) {
      try (GradientCollector gc = Bootstrap.engine().newGradientCollector()) {
        gc.backward(ref.mse(DATA).apply(first, s).loss());
      }
      List<NDArray> grads = new ArrayList<>();
      for (Parameter p : ref.namedParameters().values()) {
        NDArray g = p.value().getGradient();
        g.attach(s);
        grads.add(g);
      }
      expected = GradientClipping.globalNorm(grads, s);
    }
    assertThat(ra.history().get(0).gradNorm()).isCloseTo(expected, within(1e-5));
    // gradients are zeroed after every update (PyTorch accumulates into .grad otherwise)
    for (Parameter p : a.namedParameters().values()) {
      NDArray g = p.value().getGradient();
      assertThat(g.abs().sum().getFloat()).isZero();
      g.close();
    }
  }

  @Test
  void sameSeedGivesTheSameLossesWithDropout() throws IOException {
    List<List<Double>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      TinyMlp m = model(16, 0.3f, 11);
      try (Trainer<int[]> t =
          trainer(m, m.mse(DATA), config("seed" + run).maxSteps(12).epochs(0).build()).build()) {
        runs.add(losses(t.fit()));
      }
    }
    assertThat(runs.get(0)).isEqualTo(runs.get(1));
  }

  @Test
  void dropoutIsOnInTrainingAndOffInEvaluation() {
    TinyMlp m = model(16, 0.5f, 4);
    try (Trainer<int[]> t = trainer(m, m.mse(DATA), config("dropout").build()).build()) {
      BatchSource<int[]> valid = BatchSource.shuffled(VALID.x().length, 64, false, i -> i);
      double e1 = t.evaluate(valid, null).get("loss");
      double e2 = t.evaluate(valid, null).get("loss");
      assertThat(e1).isEqualTo(e2);
      assertThat(m.isTraining()).isTrue();
      double tr1;
      double tr2;
      try (NDManager s = manager.newSubManager()) {
        int[] all = java.util.stream.IntStream.range(0, 64).toArray();
        tr1 = m.mse(VALID).apply(all, s).loss().getFloat();
        tr2 = m.mse(VALID).apply(all, s).loss().getFloat();
      }
      assertThat(tr1).isNotEqualTo(tr2);
    }
  }

  /** The step function also draws from the trainer's Random, so its state must be restored. */
  static StepFunction<int[]> noisyMse(TinyMlp m, Trainer<?>[] holder) {
    StepFunction<int[]> base = m.mse(DATA);
    return (idx, mgr) -> {
      StepResult r = base.apply(idx, mgr);
      double noise = holder[0].random().nextGaussian() * 1e-3;
      return StepResult.of(r.loss().add((float) noise), r.count());
    };
  }

  @Test
  void resumingAtStepKReproducesTheUninterruptedLosses() throws IOException {
    TrainerConfig full =
        config("resume")
            .maxSteps(14)
            .epochs(0)
            .saveEvery(3)
            .keepLast(10)
            .gradAccum(2)
            .batchSize(16)
            .warmup(Warmup.ofSteps(4))
            .build();
    TinyMlp m1 = model(16, 0.2f, 21);
    Trainer<?>[] h1 = new Trainer<?>[1];
    List<Double> uninterrupted;
    try (Trainer<int[]> t = trainer(m1, noisyMse(m1, h1), full).build()) {
      h1[0] = t;
      uninterrupted = losses(t.fit());
    }
    Path ckpt = full.output().resolve("checkpoint-9");
    assertThat(ckpt.resolve("optimizer.safetensors")).isNotEmptyFile();
    assertThat(Checkpoints.periodic(full.output())).hasSize(4);
    TinyMlp m2 = model(16, 0.2f, 999); // different initial weights: resume must overwrite them
    Trainer<?>[] h2 = new Trainer<?>[1];
    TrainerConfig resumed = full.toBuilder().resume(ckpt).build();
    try (Trainer<int[]> t = trainer(m2, noisyMse(m2, h2), resumed).build()) {
      h2[0] = t;
      Trainer.Result r = t.fit();
      assertThat(r.history().get(0).step()).isEqualTo(9);
      List<Double> after = losses(r);
      assertThat(after).hasSize(5);
      for (int i = 0; i < after.size(); i++) {
        assertThat(after.get(i))
            .as("step " + (9 + i))
            .isCloseTo(uninterrupted.get(9 + i), within(1e-6));
      }
    }
    assertAllClose(weights(m1), weights(m2), 1e-6f);
  }

  /** Scripted validation scores; snapshots the weights at each evaluation. */
  static final class Scripted {
    final double[] scores;
    final List<Map<String, float[]>> snapshots = new ArrayList<>();
    int calls;

    Scripted(double... scores) {
      this.scores = scores;
    }

    Supplier<Evaluation<int[]>> factory(Module m) {
      return () ->
          new Evaluation<>() {
            @Override
            public void accept(int[] batch, StepResult result, NDManager manager) {}

            @Override
            public Map<String, Double> result() {
              snapshots.add(weights(m));
              return Map.of("score", scores[calls++]);
            }
          };
    }
  }

  @Test
  void earlyStoppingStopsAtTheRightEpochAndRestoresTheBestWeights() throws IOException {
    TinyMlp m = model(8, 0f, 8);
    Scripted s = new Scripted(3, 2, 1, 1.5, 0.9995, 0.5, 0.4, 0.3, 0.2, 0.1);
    TrainerConfig c =
        config("early")
            .epochs(10)
            .patience(2)
            .minDelta(1e-3)
            .metric("score", EarlyStopping.Mode.MIN)
            .build();
    Trainer.Result r;
    try (Trainer<int[]> t =
        trainer(m, m.mse(DATA), c)
            .validation(BatchSource.shuffled(VALID.x().length, 32, false, i -> i), s.factory(m))
            .build()) {
      r = t.fit();
    }
    // epoch 5's 0.9995 is not better than 1 by more than 1e-3: second bad epoch, stop after it
    assertThat(r.stoppedEarly()).isTrue();
    assertThat(r.evaluations()).hasSize(5);
    assertThat(r.steps()).isEqualTo(5 * 8);
    assertThat(r.bestMetric()).isEqualTo(1.0);
    assertThat(r.bestStep()).isEqualTo(3 * 8);
    assertAllClose(weights(m), s.snapshots.get(2), 0f);
    assertThat(weights(m).get("fc1.weight")).isNotEqualTo(s.snapshots.get(4).get("fc1.weight"));
  }

  @Test
  void nanLossStopsWithAClearMessageAndKeepsTheLastGoodCheckpoint() {
    TinyMlp m = model(8, 0f, 9);
    AtomicInteger calls = new AtomicInteger();
    StepFunction<int[]> base = m.mse(DATA);
    StepFunction<int[]> poisoned =
        (idx, mgr) -> {
          StepResult r = base.apply(idx, mgr);
          return calls.incrementAndGet() == 6
              ? StepResult.of(r.loss().mul(Float.NaN), r.count())
              : r;
        };
    TrainerConfig c = config("nan").epochs(3).saveEvery(2).build();
    try (Trainer<int[]> t = trainer(m, poisoned, c).build()) {
      assertThatThrownBy(t::fit)
          .isInstanceOf(NonFiniteLossException.class)
          .hasMessageContaining("loss is NaN at step 6") // the 6th update, as the logs count
          .hasMessageContaining("checkpoint-4")
          .hasMessageContaining("--lr");
    }
    assertThat(c.output().resolve("checkpoint-4/model.safetensors")).isNotEmptyFile();
    assertThat(c.output().resolve("checkpoint-6")).doesNotExist();
    assertThat(c.output().resolve("final")).doesNotExist();
  }

  @Test
  void unwritableOutputIsAClearErrorBeforeTraining() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    TinyMlp m = model(8, 0f, 9);
    Map<String, float[]> before = weights(m);
    TrainerConfig c = TrainerConfig.builder(file.resolve("out")).epochs(1).plots(false).build();
    try (Trainer<int[]> t = trainer(m, m.mse(DATA), c).build()) {
      assertThatThrownBy(t::fit)
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("output directory " + file.resolve("out"))
          .hasMessageContaining("not writable");
    }
    assertAllClose(weights(m), before, 0f);
  }

  @Test
  void resumingACheckpointOfAnotherModelFailsBeforeTraining() throws IOException {
    TinyMlp small = model(8, 0f, 9);
    TrainerConfig c = config("other").maxSteps(2).epochs(0).saveEvery(2).build();
    try (Trainer<int[]> t = trainer(small, small.mse(DATA), c).build()) {
      t.fit();
    }
    TinyMlp wide = model(16, 0f, 9);
    Map<String, float[]> before = weights(wide);
    TrainerConfig r =
        config("other2").maxSteps(4).epochs(0).resume(c.output().resolve("checkpoint-2")).build();
    try (Trainer<int[]> t = trainer(wide, wide.mse(DATA), r).build()) {
      assertThatThrownBy(t::fit)
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("another model")
          .hasMessageContaining("fc1.weight (8, 4)")
          .hasMessageContaining("fc1.weight (16, 4)");
    }
    assertAllClose(weights(wide), before, 0f);
    assertThat(r.output().resolve("metrics.jsonl")).doesNotExist();
  }

  @Test
  void resumingFromADirectoryThatIsNoCheckpointIsAClearError() {
    TinyMlp m = model(8, 0f, 9);
    TrainerConfig r = config("nockpt").resume(tmp.resolve("nowhere")).build();
    try (Trainer<int[]> t = trainer(m, m.mse(DATA), r).build()) {
      assertThatThrownBy(t::fit)
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("cannot resume from " + tmp.resolve("nowhere"))
          .hasMessageContaining("trainer_state.json");
    }
  }

  /** A model with a parameter the loss does not use (a pooler during MLM, a head during LM). */
  static final class WithUnused extends Module {
    final TinyMlp mlp;
    final org.transfer4j.nn.Parameter unused;

    WithUnused(TinyMlp mlp, NDManager m) {
      this.mlp = addModule("mlp", mlp);
      this.unused = addParameter("pooler_weight", m.ones(new ai.djl.ndarray.types.Shape(3)));
    }
  }

  @Test
  void parametersWithoutGradientAreLeftAlone() throws IOException {
    TinyMlp mlp = model(8, 0f, 12);
    WithUnused m = new WithUnused(mlp, manager);
    TrainerConfig c = config("unused").maxSteps(3).epochs(0).build();
    try (Trainer<int[]> t =
        Trainer.builder(m, mlp.mse(DATA), BatchSource.shuffled(256, 32, true, i -> i), c)
            .progress(new PrintStream(progress, true, StandardCharsets.UTF_8), false)
            .build()) {
      assertThat(t.fit().steps()).isEqualTo(3);
    }
    assertThat(m.unused.value().toFloatArray()).containsExactly(1f, 1f, 1f);
  }

  @Test
  void predictAndEvaluationSeeTheModelOutputsWithDropoutOff() {
    TinyMlp m = model(16, 0.5f, 13);
    BatchSource<int[]> valid = BatchSource.shuffled(VALID.x().length, 16, false, i -> i);
    // batches here are indices into VALID, so the step function reads VALID
    try (Trainer<int[]> t = trainer(m, m.mse(VALID), config("predict").build()).build()) {
      List<float[]> p1 =
          t.predict(valid, (idx, s) -> m.forward(VALID.features(idx, s)).toFloatArray());
      List<float[]> p2 =
          t.predict(valid, (idx, s) -> m.forward(VALID.features(idx, s)).toFloatArray());
      assertThat(p1).hasSize(4);
      for (int b = 0; b < 4; b++) {
        assertThat(p1.get(b)).containsExactly(p2.get(b));
      }
      // mean absolute error from the step's output, against the same from the predictions
      double expected = 0;
      for (int b = 0; b < 4; b++) {
        for (int i = 0; i < 16; i++) {
          expected += Math.abs(p1.get(b)[i] - VALID.y()[b * 16 + i]) / 64;
        }
      }
      Supplier<Evaluation<int[]>> mae =
          () ->
              new Evaluation<>() {
                double sum;
                long n;

                @Override
                public void accept(int[] idx, StepResult r, NDManager s) {
                  float[] out = r.output().toFloatArray();
                  for (int i = 0; i < idx.length; i++) {
                    sum += Math.abs(out[i] - VALID.y()[idx[i]]);
                  }
                  n += idx.length;
                }

                @Override
                public Map<String, Double> result() {
                  return Map.of("mae", sum / n);
                }
              };
      Map<String, Double> metrics = t.evaluate(valid, mae);
      assertThat(metrics).containsOnlyKeys("loss", "mae");
      assertThat(metrics.get("mae")).isCloseTo(expected, within(1e-5));
      assertThat(m.isTraining()).isTrue();
    }
  }
}
