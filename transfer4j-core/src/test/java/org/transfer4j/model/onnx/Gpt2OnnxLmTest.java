package org.transfer4j.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.engine.OnnxSession;
import org.transfer4j.engine.OnnxSessionOptions;
import org.transfer4j.generate.GenerationConfig;
import org.transfer4j.generate.Generator;
import org.transfer4j.io.SafeTensorsFile;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.gpt2.Gpt2Config;
import org.transfer4j.model.gpt2.Gpt2LMHeadModel;
import org.transfer4j.testing.SharedData;

/**
 * Generation through the exported GPT-2 on ONNX Runtime with its key/value cache: the Hugging Face
 * greedy reference, the PyTorch path's ids for every strategy, and exports that do not fit the
 * folder refused with one clear message.
 */
class Gpt2OnnxLmTest {
  @TempDir static Path folder;
  static NDManager manager;
  static Gpt2LMHeadModel torch;
  static Gpt2OnnxLm onnx;
  static Path golden;

  @BeforeAll
  static void setUp() throws Exception {
    golden = SharedData.require("golden/gpt2-lm");
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    manager = NDManager.newBaseManager();
    torch = HfModels.load(golden, Gpt2LMHeadModel.class, manager);
    OnnxExport.exportFolder(golden, folder, OnnxExport.DEFAULT_OPSET);
    onnx = Gpt2OnnxLm.open(folder, OnnxSessionOptions.defaults().withThreads(1));
  }

  @AfterAll
  static void tearDown() {
    if (onnx != null) {
      onnx.close();
      manager.close();
    }
  }

  @Test
  void greedyWithTheCacheReproducesTheHuggingFaceReference() throws Exception {
    try (SafeTensorsFile expected = SafeTensorsFile.open(golden.resolve("expected.safetensors"))) {
      long[] prompt = expected.readLongs("greedy_prompt");
      long[] reference = expected.readLongs("greedy_output");
      GenerationConfig c = GenerationConfig.greedy(reference.length - prompt.length);
      assertThat(new Generator(onnx).generate(new long[][] {prompt}, c)[0]).isEqualTo(reference);
      assertThat(new Generator(onnx).generate(new long[][] {prompt}, c.withUseCache(false))[0])
          .isEqualTo(reference);
    }
  }

  /** Each strategy and batch shape: the ids of ONNX Runtime and of PyTorch, side by side. */
  @Test
  void everyStrategyGivesThePyTorchPathsIds() {
    long[][] prompts = {{5, 17, 42, 8}, {99, 3, 61, 12}};
    GenerationConfig[] configs = {
      GenerationConfig.greedy(20),
      GenerationConfig.greedy(20).withRepetitionPenalty(1.3f).withNoRepeatNgramSize(2),
      GenerationConfig.beamSearch(12, 3, 1f), // reorders the cache every step
    };
    for (GenerationConfig c : configs) {
      assertThat(new Generator(onnx).generate(prompts, c))
          .as("%s", c)
          .isEqualTo(new Generator(torch).generate(prompts, c));
    }
    long[][] ragged = {{5, 17, 42, 8, 1, 2}, {99, 3}}; // left padding: mask and positions
    GenerationConfig greedy = GenerationConfig.greedy(20);
    assertThat(new Generator(onnx).generate(ragged, greedy))
        .isEqualTo(new Generator(torch).generate(ragged, greedy));
  }

  /** An export of another model in the folder: refused before decoding, naming the mismatch. */
  @Test
  void anExportThatDoesNotFitTheConfigIsRefused() throws Exception {
    Gpt2Config c = torch.config();
    assertThatThrownBy(() -> lm(c.withVocabulary(200, 199)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(
            "'logits' has 101 in dimension 2 but config.json gives vocab_size = 200")
        .hasMessageContaining("transfer4j export onnx");
    assertThatThrownBy(() -> lm(Gpt2Config.of(101, 32, 32, 3, 4, 0f)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("past_key_values for 2 layers but config.json says n_layer = 3");
    assertThatThrownBy(() -> lm(Gpt2Config.of(101, 32, 32, 2, 8, 0f)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("has 4 in dimension 1 but config.json gives n_head = 8");
    // Same shapes, another config (a different layer_norm_epsilon): the export's config digest.
    assertThatThrownBy(() -> lm(Gpt2Config.of(101, 32, 32, 2, 4, 0.1f).withInitializerRange(0.5f)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("was exported from another config");
  }

  @Test
  void aMalformedOrForeignModelOnnxIsRefused(@TempDir Path dir) throws Exception {
    Files.copy(golden.resolve("config.json"), dir.resolve("config.json"));
    Files.write(dir.resolve("model.onnx"), new byte[] {8, 7, 18, 3, 'x', 'y'});
    assertThatThrownBy(() -> Gpt2OnnxLm.open(dir, OnnxSessionOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("model.onnx cannot be loaded by ONNX Runtime");
    // A base-model export (no logits) where a causal LM is needed.
    Files.writeString(
        dir.resolve("config.json"),
        Files.readString(golden.resolve("config.json")).replace("GPT2LMHeadModel", "GPT2Model"));
    Files.copy(golden.resolve("model.safetensors"), dir.resolve("model.safetensors"));
    OnnxExport.exportFolder(dir, dir, OnnxExport.DEFAULT_OPSET);
    assertThatThrownBy(() -> Gpt2OnnxLm.open(dir, OnnxSessionOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("has no output 'logits'")
        .hasMessageContaining("not a causal LM export");
  }

  private static Gpt2OnnxLm lm(Gpt2Config config) {
    OnnxSession s = OnnxSession.open(folder.resolve("model.onnx"), OnnxSessionOptions.defaults());
    try {
      return new Gpt2OnnxLm(s, config);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }
}
