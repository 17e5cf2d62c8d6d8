package org.transfer4j.model;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * What every model config ({@code BertConfig}, {@code DistilBertConfig}, {@code Gpt2Config})
 * offers: the Hugging Face identity keys and a complete {@code config.json} object.
 */
public interface ModelConfig {
  /** {@code model_type}, for example {@code bert}. */
  String modelType();

  /** {@code architectures} as read (may be empty); saving writes the saved model's own class. */
  List<String> architectures();

  /** The classification labels ({@code id2label}); models without a classifier ignore them. */
  Labels labels();

  /** Standard deviation of the truncated normal used to initialise weights. */
  float initializerRange();

  /**
   * The complete config in Hugging Face's key names, including {@code model_type}, {@code
   * architectures}, {@code id2label} and {@code label2id}.
   */
  JsonObject toJson();

  /** Adds the keys shared by all configs to a config object. */
  static void writeCommon(JsonObject json, ModelConfig c) {
    json.add("architectures", ConfigJson.stringArray(c.architectures()));
    json.addProperty("model_type", c.modelType());
    c.labels().writeTo(json);
    json.addProperty("initializer_range", c.initializerRange());
    json.addProperty("torch_dtype", "float32");
  }
}
