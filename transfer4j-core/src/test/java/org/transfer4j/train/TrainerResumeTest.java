package org.transfer4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.Bootstrap;

/** Regression tests for resumes that duplicated logs or silently continued another run. */
class TrainerResumeTest {
  static final TinyMlp.Data DATA = TinyMlp.Data.make(128, 1);
  @TempDir Path tmp;
  NDManager manager;

  @BeforeEach
  void setUp() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  TrainerConfig.Builder config(Path out) {
    return TrainerConfig.builder(out)
        .lr(1e-2)
        .batchSize(16)
        .epochs(0)
        .maxSteps(6)
        .saveEvery(2)
        .keepLast(5)
        .logEvery(1)
        .plots(false);
  }

  Trainer.Result fit(TrainerConfig c) throws IOException {
    Bootstrap.seed(3);
    TinyMlp m = new TinyMlp(manager, 8, 0f);
    try (Trainer<int[]> t =
        Trainer.builder(
                m,
                m.mse(DATA),
                BatchSource.shuffled(DATA.x().length, c.batchSize(), true, i -> i),
                c)
            .progress(new PrintStream(PrintStream.nullOutputStream()), false)
            .build()) {
      return t.fit();
    }
  }

  @Test
  void resumeDuplicatedMetricsAndTensorBoardRecordsAfterTheCheckpoint() throws IOException {
    Path out = tmp.resolve("run");
    fit(config(out).build()); // steps 1..6 logged; checkpoints at 2, 4, 6
    // The run is "killed" after step 6 was logged; resume from the checkpoint at step 4.
    fit(config(out).resume(out.resolve("checkpoint-4")).build());
    List<Long> steps = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      if (o.get("type").getAsString().equals("train")) {
        steps.add(o.get("step").getAsLong());
      }
    }
    assertThat(steps).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    Set<String> seen = new HashSet<>();
    List<Path> events;
    try (Stream<Path> s = Files.list(out.resolve("tensorboard"))) {
      events = s.toList();
    }
    assertThat(events).hasSize(2); // one file per process, as TensorBoard expects
    int scalars = 0;
    for (Path f : events) {
      for (TensorBoardWriter.Scalar e : TensorBoardWriter.scalars(f)) {
        if (e.tag() != null) {
          scalars++;
          assertThat(seen.add(e.tag() + "@" + e.step())).as(e.tag() + " at " + e.step()).isTrue();
        }
      }
    }
    assertThat(scalars).isEqualTo(6 * 3); // loss, learning_rate, grad_norm per step
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        Arguments.of(
            "batch size",
            (UnaryOperator<TrainerConfig.Builder>) b -> b.batchSize(8),
            "batch_size: 16 -> 8"),
        Arguments.of(
            "accumulation",
            (UnaryOperator<TrainerConfig.Builder>) b -> b.gradAccum(2),
            "grad_accum: 1 -> 2"),
        Arguments.of(
            "seed", (UnaryOperator<TrainerConfig.Builder>) b -> b.seed(7), "seed: 42 -> 7"),
        Arguments.of(
            "length",
            (UnaryOperator<TrainerConfig.Builder>) b -> b.maxSteps(8),
            "total_steps: 4 -> 8"),
        Arguments.of(
            "data",
            (UnaryOperator<TrainerConfig.Builder>) b -> b.dataFingerprint("b"),
            "data: a -> b"));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"model.safetensors", "optimizer.safetensors"})
  void resumeHintPointedAtTheWrongFile(String missing) throws IOException {
    Path out = tmp.resolve("run");
    fit(config(out).build()); // checkpoints at 2, 4, 6
    java.nio.file.Files.delete(out.resolve("checkpoint-6").resolve(missing));
    assertThatThrownBy(() -> fit(config(out).resume(out.resolve("checkpoint-6")).build()))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(
            "cannot resume from "
                + out.resolve("checkpoint-6")
                + ": "
                + out.resolve("checkpoint-6").resolve(missing))
        .hasMessageContaining("is missing")
        .hasMessageContaining("--resume " + out.toAbsolutePath().resolve("checkpoint-4"))
        .hasMessageNotContaining("written by the trainer");
  }

  @Test
  void moduleSaverHintPointedAtTheWrongFile() throws IOException {
    Path empty = java.nio.file.Files.createDirectories(tmp.resolve("checkpoint-9"));
    assertThatThrownBy(() -> new ModuleSaver(new TinyMlp(manager, 8, 0f)).load(empty))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("has no model.safetensors (the run was stopped while saving it")
        .hasMessageContaining("OUTPUT/best")
        .hasMessageNotContaining("written by the trainer");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void aResumeThatChangedTheRunWasSilentlyAccepted(
      String what, UnaryOperator<TrainerConfig.Builder> change, String difference)
      throws IOException {
    Path out = tmp.resolve("run");
    fit(config(out).maxSteps(4).dataFingerprint("a").build());
    TrainerConfig.Builder resumed =
        change.apply(
            config(out).maxSteps(4).dataFingerprint("a").resume(out.resolve("checkpoint-2")));
    assertThatThrownBy(() -> fit(resumed.build()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("cannot resume from " + out.resolve("checkpoint-2"))
        .hasMessageContaining(difference)
        .hasMessageContaining("--allow-changes");
    fit(resumed.allowChanges(true).build()); // accepted when asked for
  }

  @Test
  void aResumeBeyondTheRunsLastStepWasAccepted() throws IOException {
    Path out = tmp.resolve("run");
    fit(config(out).build());
    assertThatThrownBy(
            () ->
                fit(
                    config(out)
                        .maxSteps(3)
                        .allowChanges(true)
                        .resume(out.resolve("checkpoint-6"))
                        .build()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("it is at step 6 but this run has only 3 steps");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "1.0, 'lower --lr (now 0.01), or check', set --clip",
    "0.0, 'lower --lr (now 0.01), set --clip 1.0, or check', ---",
  })
  void theNanMessageMisnumberedTheStepAndSuggestedOptionsInEffect(
      double clip, String hint, String notSuggested) throws IOException {
    Path out = tmp.resolve("nan");
    TrainerConfig c = config(out).clip(clip).maxSteps(8).build();
    Bootstrap.seed(3);
    TinyMlp m = new TinyMlp(manager, 8, 0f);
    int[] calls = {0};
    StepFunction<int[]> base = m.mse(DATA);
    StepFunction<int[]> poisoned =
        (idx, mgr) -> {
          StepResult r = base.apply(idx, mgr);
          return ++calls[0] == 5 ? StepResult.of(r.loss().mul(Float.NaN), r.count()) : r;
        };
    try (Trainer<int[]> t =
        Trainer.builder(m, poisoned, BatchSource.shuffled(DATA.x().length, 16, true, i -> i), c)
            .progress(new PrintStream(PrintStream.nullOutputStream()), false)
            .build()) {
      assertThatThrownBy(t::fit)
          .isInstanceOf(NonFiniteLossException.class)
          // Four updates were logged as steps 1..4 and saved as checkpoint-2 and checkpoint-4.
          .hasMessageContaining("the loss is NaN at step 5 (epoch 1, micro-batch 1)")
          .hasMessageContaining(
              "the last checkpoint, with a finite loss, is " + out.resolve("checkpoint-4"))
          .hasMessageContaining(hint)
          .hasMessageNotContaining(notSuggested);
    }
  }

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
