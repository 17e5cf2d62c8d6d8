package org.transfer4j.model.gpt2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.io.SafeTensorsFile;
import org.transfer4j.io.SafeTensorsWriter;
import org.transfer4j.model.ConfigJson;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.LoadOptions;
import org.transfer4j.model.LoadReport;
import org.transfer4j.nn.Parameter;

/** Both hub key layouts load; saving writes the transformers layout; config.json is validated. */
class Gpt2CheckpointLayoutTest {

  /** Writes the tiny model under names produced by {@code rename}, plus extra tensors. */
  static void writeFolder(Gpt2LMHeadModel model, Path dir, boolean prefixed, boolean extras)
      throws Exception {
    Files.createDirectories(dir);
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      String name = prefixed ? e.getKey() : e.getKey().substring("transformer.".length());
      tensors.put(name, e.getValue().value());
    }
    NDManager m = model.manager();
    if (extras) {
      tensors.put("lm_head.weight", model.transformer().wte().value());
      tensors.put(
          "transformer.h.0.attn.bias", m.ones(new ai.djl.ndarray.types.Shape(1, 1, 32, 32)));
      tensors.put("transformer.h.1.attn.masked_bias", m.create(-1e4f));
    }
    SafeTensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
    ConfigJson.write(model.config().toJson(), dir.resolve("config.json"));
  }

  @ParameterizedTest
  @CsvSource({"true, false", "false, false", "true, true"})
  void bothLayoutsLoadCompletely(boolean prefixed, boolean extras, @TempDir Path tmp)
      throws Exception {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    try (NDManager m = NDManager.newBaseManager()) {
      Gpt2LMHeadModel source = new Gpt2LMHeadModel(m, Gpt2Config.tiny());
      source.train(false);
      writeFolder(source, tmp, prefixed, extras);
      HfModels.Loaded loaded = HfModels.loadWithReport(tmp, m, LoadOptions.DEFAULTS);
      LoadReport r = loaded.report();
      assertThat(r.isComplete()).as(r.summary()).isTrue();
      if (extras) {
        assertThat(r.ignored())
            .containsExactlyInAnyOrder(
                "transformer.h.0.attn.bias", "transformer.h.1.attn.masked_bias");
        assertThat(r.loaded()).contains("lm_head.weight");
      }
      Gpt2LMHeadModel model = (Gpt2LMHeadModel) loaded.model();
      model.train(false);
      NDArray ids = m.create(new long[][] {{4, 8, 15, 16, 23, 42}});
      assertThat(model.logits(ids).sub(source.logits(ids)).abs().max().getFloat()).isZero();
    }
  }

  @Test
  void savesTheTransformersLayoutWithoutTheTiedHead(@TempDir Path tmp) throws Exception {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    try (NDManager m = NDManager.newBaseManager()) {
      Gpt2LMHeadModel model = new Gpt2LMHeadModel(m, Gpt2Config.tiny());
      HfModels.save(model, tmp);
      try (SafeTensorsFile f = SafeTensorsFile.open(tmp.resolve("model.safetensors"))) {
        assertThat(f.tensors()).hasSize(model.namedParameters().size());
        assertThat(f.find("transformer.wte.weight")).isPresent();
        assertThat(f.find("transformer.h.1.mlp.c_fc.weight").orElseThrow().shape())
            .containsExactly(32, 128); // Conv1D keeps [in, out]
        assertThat(f.find("lm_head.weight")).isEmpty();
      }
      var json =
          JsonParser.parseString(Files.readString(tmp.resolve("config.json"))).getAsJsonObject();
      assertThat(json.get("model_type").getAsString()).isEqualTo("gpt2");
      assertThat(json.get("architectures").getAsJsonArray().get(0).getAsString())
          .isEqualTo("GPT2LMHeadModel");
      assertThat(Gpt2Config.read(tmp).nInner()).isEqualTo(128);
    }
  }

  @Test
  void nullInnerWidthMeansFourTimesTheEmbedding(@TempDir Path tmp) throws Exception {
    Files.writeString(
        tmp.resolve("config.json"),
        "{\"model_type\":\"gpt2\",\"n_embd\":64,\"n_head\":4,\"n_layer\":1,\"n_inner\":null,"
            + "\"vocab_size\":10,\"n_positions\":8}");
    Gpt2Config c = Gpt2Config.read(tmp);
    assertThat(c.nInner()).isEqualTo(256);
    assertThat(c.activationFunction()).isEqualTo("gelu_new");
    assertThat(c.eosTokenId()).isEqualTo(9); // clamped into the small vocabulary
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"n_embd\":30,\"n_head\":4 | n_embd 30 is not a multiple of n_head 4",
        "\"n_layer\":0 | n_layer must be positive",
        "\"activation_function\":\"swish\" | unknown activation 'swish'",
        "\"attn_pdrop\":1.5 | attn_pdrop must be in [0, 1)",
        "\"eos_token_id\":500,\"vocab_size\":100 | eos_token_id 500 is outside the vocabulary",
        "\"n_positions\":\"many\" | key 'n_positions' must be an integer",
        "\"model_type\":\"bert\" | expected 'gpt2'"
      })
  void badConfigsNameTheFileAndKey(String keys, String message, @TempDir Path tmp)
      throws Exception {
    Path f = tmp.resolve("config.json");
    Files.writeString(f, "{" + keys + "}");
    assertThatThrownBy(() -> Gpt2Config.read(f))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining(message);
  }
}
