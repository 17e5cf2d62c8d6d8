package org.transfer4j.model.gpt2;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.generate.GenerationConfig;
import org.transfer4j.generate.Generator;
import org.transfer4j.io.SafeTensorsFile;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.LoadOptions;
import org.transfer4j.model.LoadReport;
import org.transfer4j.testing.SharedData;

/** Parity with the Hugging Face GPT2LMHeadModel on the golden fixture {@code gpt2-lm}. */
class Gpt2GoldenTest {
  static final float TOLERANCE = 1e-4f;

  @Test
  void loadsEveryTensorAndMatchesLogitsAndHiddenStates() throws Exception {
    Path dir = SharedData.require("golden/gpt2-lm");
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    try (NDManager m = NDManager.newBaseManager();
        SafeTensorsFile inputs = SafeTensorsFile.open(dir.resolve("inputs.safetensors"));
        SafeTensorsFile expected = SafeTensorsFile.open(dir.resolve("expected.safetensors"))) {
      HfModels.Loaded loaded = HfModels.loadWithReport(dir, m, LoadOptions.DEFAULTS);
      LoadReport r = loaded.report();
      assertThat(r.missing()).isEmpty();
      assertThat(r.unexpected()).isEmpty();
      assertThat(r.mismatched()).isEmpty();
      assertThat(r.loaded()).hasSize(loaded.model().namedParameters().size());
      assertThat(loaded.model()).isInstanceOf(Gpt2LMHeadModel.class);
      Gpt2LMHeadModel model = (Gpt2LMHeadModel) loaded.model();
      model.train(false);
      NDArray ids = inputs.toNDArray("input_ids", m);
      // The fixture has no attention_mask: every position is real.
      NDArray mask =
          inputs.find("attention_mask").isPresent() ? inputs.toNDArray("attention_mask", m) : null;
      Gpt2LMHeadModel.Output out = model.forward(ids, mask, null, true, false);
      NDArray keep =
          (mask == null ? ids.onesLike() : mask)
              .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
              .expandDims(-1);
      assertClose("logits", out.logits(), expected.toNDArray("logits", m), keep);
      int layers = model.config().nLayer();
      assertThat(out.hiddenStates()).hasSize(layers + 1);
      for (int i = 0; i <= layers; i++) {
        assertClose(
            "hidden_states." + i,
            out.hiddenStates().get(i),
            expected.toNDArray("hidden_states." + i, m),
            keep);
      }
    }
  }

  @Test
  void greedyReferenceIsReproducedWithAndWithoutTheCache() throws Exception {
    Path dir = SharedData.require("golden/gpt2-lm");
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    try (NDManager m = NDManager.newBaseManager();
        SafeTensorsFile expected = SafeTensorsFile.open(dir.resolve("expected.safetensors"))) {
      Gpt2LMHeadModel model = HfModels.load(dir, Gpt2LMHeadModel.class, m);
      long[] prompt = expected.readLongs("greedy_prompt");
      long[] reference = expected.readLongs("greedy_output");
      Generator g = new Generator(model);
      GenerationConfig c = GenerationConfig.greedy(reference.length - prompt.length);
      assertThat(g.generate(new long[][] {prompt}, c)[0]).isEqualTo(reference);
      assertThat(g.generate(new long[][] {prompt}, c.withUseCache(false))[0]).isEqualTo(reference);
    }
  }

  @Test
  void savedFolderReloadsToTheSameLogits(@TempDir Path tmp) throws Exception {
    Path dir = SharedData.require("golden/gpt2-lm");
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    try (NDManager m = NDManager.newBaseManager()) {
      Gpt2LMHeadModel model = HfModels.load(dir, Gpt2LMHeadModel.class, m);
      model.train(false);
      HfModels.save(model, tmp.resolve("out"));
      try (SafeTensorsFile saved = SafeTensorsFile.open(tmp.resolve("out/model.safetensors"))) {
        assertThat(saved.find("transformer.h.0.attn.c_attn.weight")).isPresent();
        assertThat(saved.find("lm_head.weight")).isEmpty();
      }
      HfModels.Loaded again = HfModels.loadWithReport(tmp.resolve("out"), m, LoadOptions.DEFAULTS);
      assertThat(again.report().isComplete()).as(again.report().summary()).isTrue();
      Gpt2LMHeadModel reloaded = (Gpt2LMHeadModel) again.model();
      reloaded.train(false);
      assertThat(reloaded.config().nLayer()).isEqualTo(model.config().nLayer());
      NDArray ids = m.create(new long[][] {{1, 2, 3, 4}});
      assertThat(reloaded.logits(ids).sub(model.logits(ids)).abs().max().getFloat()).isZero();
    }
  }

  static void assertClose(String name, NDArray got, NDArray want, NDArray keep) {
    assertThat(got.getShape()).as(name).isEqualTo(want.getShape());
    float diff = got.sub(want).abs().mul(keep).max().getFloat();
    assertThat(diff).as("%s max |diff| on unmasked positions", name).isLessThan(TOLERANCE);
  }
}
