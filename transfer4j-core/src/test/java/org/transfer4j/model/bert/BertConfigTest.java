package org.transfer4j.model.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.BadInputException;
import org.transfer4j.model.ConfigJson;
import org.transfer4j.model.Labels;
import org.transfer4j.model.ModelRegistry;
import org.transfer4j.model.distilbert.DistilBertConfig;
import org.transfer4j.testing.SharedData;

class BertConfigTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // Turc et al. 2019 miniatures and BERT-base: layers, hidden, heads, intermediate
    "tiny, 2, 128, 2, 512",
    "mini, 4, 256, 4, 1024",
    "small, 4, 512, 8, 2048",
    "medium, 8, 512, 8, 2048",
    "base, 12, 768, 12, 3072"
  })
  void presetsFollowGoogleConventions(String name, int layers, int hidden, int heads, int inner) {
    BertConfig c = BertConfig.preset(name);
    assertThat(c.numHiddenLayers()).isEqualTo(layers);
    assertThat(c.hiddenSize()).isEqualTo(hidden);
    assertThat(c.numAttentionHeads()).isEqualTo(heads);
    assertThat(c.intermediateSize()).isEqualTo(inner);
    assertThat(c.vocabSize()).isEqualTo(30522);
    assertThat(c.maxPositionEmbeddings()).isEqualTo(512);
  }

  @Test
  void readsGoldenConfigWithLabels() throws Exception {
    BertConfig c = BertConfig.read(SharedData.require("golden/bert-sequence-classification"));
    assertThat(c.hiddenSize()).isEqualTo(32);
    assertThat(c.intermediateSize()).isEqualTo(37);
    assertThat(c.maxPositionEmbeddings()).isEqualTo(20);
    assertThat(c.labels().names()).containsExactly("neg", "neu", "pos");
    assertThat(c.labels().id("pos")).isEqualTo(2);
    assertThat(c.architectures()).containsExactly("BertForSequenceClassification");
  }

  @Test
  void writesAndReadsBackTheSameConfig(@TempDir Path tmp) throws Exception {
    BertConfig c =
        BertConfig.small()
            .withLabels(Labels.of(List.of("a", "b", "c")))
            .withArchitectures(List.of("BertForSequenceClassification"));
    ConfigJson.write(c.toJson(), tmp.resolve("config.json"));
    assertThat(BertConfig.read(tmp)).isEqualTo(c);
    assertThat(ModelRegistry.parseConfig(ConfigJson.read(tmp))).isEqualTo(c);
  }

  @Test
  void defaultsFollowHuggingFace(@TempDir Path tmp) throws Exception {
    Files.writeString(
        tmp.resolve("config.json"),
        "{\"model_type\":\"bert\",\"vocab_size\":10,\"hidden_size\":8,\"num_hidden_layers\":1,"
            + "\"num_attention_heads\":2,\"intermediate_size\":16}");
    BertConfig c = BertConfig.read(tmp);
    assertThat(c.hiddenAct()).isEqualTo("gelu");
    assertThat(c.layerNormEps()).isEqualTo(1e-12f);
    assertThat(c.typeVocabSize()).isEqualTo(2);
    assertThat(c.maxPositionEmbeddings()).isEqualTo(512);
    assertThat(c.labels().names()).containsExactly("LABEL_0", "LABEL_1");
    assertThat(c.effectiveClassifierDropout()).isEqualTo(0.1f);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // json body | expected message fragments
        "missing key | \"vocab_size\":10,\"num_hidden_layers\":1,\"num_attention_heads\":2,\"intermediate_size\":16 | missing required key 'hidden_size'",
        "heads | \"vocab_size\":10,\"hidden_size\":10,\"num_hidden_layers\":1,\"num_attention_heads\":3,\"intermediate_size\":16 | not a multiple of num_attention_heads",
        "activation | \"vocab_size\":10,\"hidden_size\":8,\"num_hidden_layers\":1,\"num_attention_heads\":2,\"intermediate_size\":16,\"hidden_act\":\"swish\" | unknown activation 'swish'",
        "negative | \"vocab_size\":10,\"hidden_size\":8,\"num_hidden_layers\":0,\"num_attention_heads\":2,\"intermediate_size\":16 | num_hidden_layers must be positive",
        "type | \"vocab_size\":\"ten\",\"hidden_size\":8,\"num_hidden_layers\":1,\"num_attention_heads\":2,\"intermediate_size\":16 | key 'vocab_size' must be an integer",
        "labels | \"vocab_size\":10,\"hidden_size\":8,\"num_hidden_layers\":1,\"num_attention_heads\":2,\"intermediate_size\":16,\"num_labels\":3,\"id2label\":{\"0\":\"a\"} | num_labels is 3 but id2label has 1",
        "relative | \"vocab_size\":10,\"hidden_size\":8,\"num_hidden_layers\":1,\"num_attention_heads\":2,\"intermediate_size\":16,\"position_embedding_type\":\"relative_key\" | 'relative_key' is not supported"
      })
  void badConfigNamesFileAndKey(String label, String body, String fragment, @TempDir Path tmp)
      throws Exception {
    Path file = tmp.resolve("config.json");
    Files.writeString(file, "{\"model_type\":\"bert\"," + body + "}");
    assertThatThrownBy(() -> BertConfig.read(tmp))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(fragment);
  }

  @Test
  void unknownModelTypeListsKnownTypes(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("config.json"), "{\"model_type\":\"t5\"}");
    assertThatThrownBy(() -> ModelRegistry.parseConfig(ConfigJson.read(tmp)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("unknown model_type 't5'")
        .hasMessageContaining("bert")
        .hasMessageContaining("distilbert");
  }

  @Test
  void missingModelTypeIsInferredFromArchitectures(@TempDir Path tmp) throws Exception {
    Files.writeString(
        tmp.resolve("config.json"),
        "{\"architectures\":[\"DistilBertForSequenceClassification\"],\"vocab_size\":10,"
            + "\"dim\":8,\"n_layers\":1,\"n_heads\":2,\"hidden_dim\":16}");
    assertThat(ModelRegistry.parseConfig(ConfigJson.read(tmp)))
        .isInstanceOf(DistilBertConfig.class);
  }

  @Test
  void distilBertGoldenConfig() throws Exception {
    DistilBertConfig c =
        DistilBertConfig.read(SharedData.require("golden/distilbert-sequence-classification"));
    assertThat(c.dim()).isEqualTo(32);
    assertThat(c.hiddenDim()).isEqualTo(48);
    assertThat(c.seqClassifDropout()).isEqualTo(0.2f);
    assertThat(c.labels().names()).containsExactly("NEGATIVE", "POSITIVE");
  }
}
