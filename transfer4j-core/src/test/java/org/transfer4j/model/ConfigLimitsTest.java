package org.transfer4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.BadInputException;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.bert.BertForMaskedLM;
import org.transfer4j.task.ClassificationTask;
import org.transfer4j.task.FinetuneConfig;
import org.transfer4j.task.TaskFixtures;

/** Regression tests: impossible configs and oversized tokenizers got past loading (issue 11). */
class ConfigLimitsTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "bert       | type_vocab_size         | 0          | type_vocab_size must be positive, got 0",
        "bert       | num_hidden_layers       | 100000     | num_hidden_layers is 100000, above the limit of 256",
        "bert       | max_position_embeddings | 2000000000 | max_position_embeddings is 2000000000, above the limit",
        "bert       | num_attention_heads     | 256        | num_attention_heads is 256, above the limit of 128",
        "bert       | vocab_size              | 16000000   | more than this machine's",
        "distilbert | n_layers                | 9999       | n_layers is 9999, above the limit of 256",
        "gpt2       | n_positions             | 0          | n_positions must be positive, got 0",
      })
  void impossibleConfigValuesWereAcceptedOrAllocated(
      String type, String key, long value, String message) throws Exception {
    JsonObject c = new JsonObject();
    c.addProperty("model_type", type);
    if (type.equals("bert")) {
      c.addProperty("vocab_size", 100);
      c.addProperty("hidden_size", 128);
      c.addProperty("num_hidden_layers", 2);
      c.addProperty("num_attention_heads", 2);
      c.addProperty("intermediate_size", 256);
      c.addProperty("hidden_size", key.equals("vocab_size") ? 16384 : 128);
    } else if (type.equals("distilbert")) {
      c.addProperty("vocab_size", 100);
      c.addProperty("n_layers", 2);
      c.addProperty("n_heads", 2);
      c.addProperty("dim", 128);
      c.addProperty("hidden_dim", 256);
    } else {
      c.addProperty("vocab_size", 100);
    }
    c.addProperty(key, value);
    Path dir = Files.createDirectories(tmp.resolve(type + key));
    ConfigJson.write(c, dir.resolve(ConfigJson.FILE_NAME));
    assertThatThrownBy(() -> HfModels.readConfig(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aTokenizerLargerThanTheModelsVocabularyFailedInsideTheForwardPass() throws Exception {
    Path model = tmp.resolve("small-vocab-bert");
    BertConfig small = TaskFixtures.tinyBert().withVocabSize(10);
    try (NDManager m = NDManager.newBaseManager()) {
      HfModels.save(HfModels.create(small, BertForMaskedLM.class, m), model);
    }
    Path tok =
        TaskFixtures.tokenizer(
            Files.createDirectories(tmp.resolve("tok")), TaskFixtures.allWords());
    Path out = tmp.resolve("out");
    assertThatThrownBy(
            () ->
                ClassificationTask.run(
                    FinetuneConfig.builder(TaskFixtures.trainer(out, 1, 1e-3, "accuracy").build())
                        .pretrained(model)
                        .tokenizer(tok)
                        .train(TaskFixtures.classification(tmp.resolve("train.csv"), 30, 1))
                        .validation(TaskFixtures.classification(tmp.resolve("valid.csv"), 30, 2))
                        .maxLength(32)
                        .build()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("the tokenizer " + tok + " has ")
        .hasMessageContaining("the model's vocab_size is 10");
    assertThat(out).doesNotExist();
  }
}
