package org.transfer4j.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.onnxruntime.OnnxTensorLike;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.engine.OnnxSession;
import org.transfer4j.engine.OnnxSessionOptions;
import org.transfer4j.io.SafeTensorsFile;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.gpt2.Gpt2Config;
import org.transfer4j.model.gpt2.Gpt2LMHeadModel;
import org.transfer4j.testing.SharedData;

/**
 * The GPT-2 ONNX export on ONNX Runtime against the golden Hugging Face outputs ({@code gpt2-lm})
 * and the PyTorch path: full-sequence logits, step-by-step decoding through {@code
 * past_key_values}, the base model, the axes.
 */
class Gpt2OnnxExportTest {
  static final float TOLERANCE = 1e-4f;
  @TempDir static Path tmp;
  static NDManager manager;
  static Gpt2LMHeadModel model;
  static SafeTensorsFile expected;
  static long[][] ids;
  static OnnxSession session;

  @BeforeAll
  static void setUp() throws Exception {
    Path dir = SharedData.require("golden/gpt2-lm");
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    manager = NDManager.newBaseManager();
    model = HfModels.load(dir, Gpt2LMHeadModel.class, manager);
    expected = SafeTensorsFile.open(dir.resolve("expected.safetensors"));
    try (SafeTensorsFile inputs = SafeTensorsFile.open(dir.resolve("inputs.safetensors"))) {
      NDArray a = inputs.toNDArray("input_ids", manager);
      ids = new long[(int) a.getShape().get(0)][];
      for (int r = 0; r < ids.length; r++) {
        ids[r] = a.get(r).toLongArray();
      }
    }
    Path file = tmp.resolve("model.onnx");
    OnnxExport.write(model, file, OnnxExport.DEFAULT_OPSET);
    session = OnnxSession.open(file, OnnxSessionOptions.defaults().withThreads(1));
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (session != null) {
      session.close();
      expected.close();
      manager.close();
    }
  }

  /**
   * Runs rows of ids after the presents of {@code past} (null: an empty past); the caller closes
   * the returned outputs after the next run, which reads them.
   */
  static OnnxSession.Outputs run(
      OnnxSession s, long[][] rows, int pastLength, OnnxSession.Outputs past) {
    Gpt2Config c = model.config();
    int batch = rows.length;
    int t = rows[0].length;
    long[] flat = new long[batch * t];
    long[] positions = new long[batch * t];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < t; i++) {
        flat[b * t + i] = rows[b][i];
        positions[b * t + i] = pastLength + i;
      }
    }
    long[] mask = new long[batch * (pastLength + t)];
    java.util.Arrays.fill(mask, 1);
    Map<String, OnnxTensorLike> in = new HashMap<>();
    in.put("input_ids", s.longs(flat, batch, t));
    in.put("position_ids", s.longs(positions, batch, t));
    in.put("attention_mask", s.longs(mask, batch, pastLength + t));
    for (int i = 0; i < c.nLayer(); i++) {
      for (String kind : new String[] {"key", "value"}) {
        in.put(
            "past_key_values." + i + "." + kind,
            past == null
                ? s.floats(new float[0], batch, c.nHead(), 0, c.headDim())
                : past.tensor("present." + i + "." + kind));
      }
    }
    return s.run(in);
  }

  static float maxDiff(float[] got, NDArray want) {
    float[] w = want.toFloatArray();
    assertThat(got).hasSameSizeAs(w);
    float max = 0;
    for (int i = 0; i < w.length; i++) {
      max = Math.max(max, Math.abs(got[i] - w[i]));
    }
    return max;
  }

  @Test
  void fullSequenceLogitsMatchHuggingFaceAndThePyTorchPath() {
    model.train(false);
    try (NDManager step = manager.newSubManager();
        OnnxSession.Outputs out = run(session, ids, 0, null)) {
      float[] logits = out.floats("logits");
      assertThat(maxDiff(logits, expected.toNDArray("logits", step))).isLessThan(TOLERANCE);
      assertThat(maxDiff(logits, model.logits(step.create(ids)))).isLessThan(TOLERANCE);
      Gpt2Config c = model.config();
      assertThat(out.shape("present." + (c.nLayer() - 1) + ".value"))
          .containsExactly(ids.length, c.nHead(), ids[0].length, c.headDim());
    }
  }

  @Test
  void stepByStepDecodingWithPastEqualsTheFullSequence() {
    try (NDManager step = manager.newSubManager()) {
      NDArray full = expected.toNDArray("logits", step); // (batch, t, vocab)
      int prompt = 3;
      OnnxSession.Outputs past = run(session, slice(ids, 0, prompt), 0, null);
      assertThat(maxDiff(past.floats("logits"), full.get(new NDIndex(":, :{}", prompt))))
          .isLessThan(TOLERANCE);
      for (int i = prompt; i < ids[0].length; i++) {
        OnnxSession.Outputs next = run(session, slice(ids, i, i + 1), i, past);
        past.close();
        past = next;
        assertThat(maxDiff(next.floats("logits"), full.get(new NDIndex(":, {}:{}", i, i + 1))))
            .as("position %d", i)
            .isLessThan(TOLERANCE);
        assertThat(next.shape("present.0.key")[2]).isEqualTo(i + 1);
      }
      past.close();
    }
  }

  @Test
  void axesAreSymbolicWithHuggingFaceNames() {
    Gpt2Config c = model.config();
    assertThat(session.inputNames())
        .containsExactlyInAnyOrder(
            "input_ids",
            "attention_mask",
            "position_ids",
            "past_key_values.0.key",
            "past_key_values.0.value",
            "past_key_values.1.key",
            "past_key_values.1.value");
    assertThat(session.outputNames())
        .containsExactlyInAnyOrder(
            "logits", "present.0.key", "present.0.value", "present.1.key", "present.1.value");
    assertThat(session.inputShape("past_key_values.0.key"))
        .containsExactly(-1, c.nHead(), -1, c.headDim());
    assertThat(session.inputShape("attention_mask")).containsExactly(-1, -1);
    assertThat(session.outputShape("logits")).containsExactly(-1, -1, c.vocabSize());
  }

  /** A folder whose config names GPT2Model exports the base model: the hidden states after ln_f. */
  @Test
  void baseModelGivesTheLastHiddenStateAfterLnF(@TempDir Path base) throws Exception {
    Path dir = SharedData.require("golden/gpt2-lm");
    Files.copy(dir.resolve("model.safetensors"), base.resolve("model.safetensors"));
    Files.writeString(
        base.resolve("config.json"),
        Files.readString(dir.resolve("config.json")).replace("GPT2LMHeadModel", "GPT2Model"));
    Path out = base.resolve("onnx");
    OnnxExport.exportFolder(base, out, OnnxExport.DEFAULT_OPSET);
    try (OnnxSession s =
            OnnxSession.open(out.resolve("model.onnx"), OnnxSessionOptions.defaults());
        NDManager step = manager.newSubManager();
        OnnxSession.Outputs o = run(s, ids, 0, null)) {
      assertThat(o.names()).contains("last_hidden_state", "present.0.key").doesNotContain("logits");
      NDArray want = expected.toNDArray("hidden_states." + model.config().nLayer(), step);
      assertThat(maxDiff(o.floats("last_hidden_state"), want)).isLessThan(TOLERANCE);
    }
  }

  @Test
  void opsetsBeforeLayerNormalizationAreRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> OnnxExport.write(model, dir.resolve("model.onnx"), 14))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--opset 14: the GPT-2 export needs opset 17 or later");
  }

  static long[][] slice(long[][] rows, int from, int to) {
    long[][] out = new long[rows.length][];
    for (int b = 0; b < rows.length; b++) {
      out[b] = java.util.Arrays.copyOfRange(rows[b], from, to);
    }
    return out;
  }
}
