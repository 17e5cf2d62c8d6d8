package org.transfer4j.model;

import com.google.gson.JsonObject;

/**
 * What the configs of the word-vector models ({@code WordClassifierConfig}, {@code
 * WordTaggerConfig}) share beyond {@link ModelConfig}: an embedding table that pretrained word
 * vectors are loaded into, and a recurrent or feed-forward body with dropout.
 */
public interface WordVectorConfig extends ModelConfig {
  /** Rows of the embedding, padding (row 0) and specials included. */
  int vocabSize();

  /** Width of a word vector. */
  int embeddingSize();

  int hiddenSize();

  int numHiddenLayers();

  float hiddenDropoutProb();

  /** Whether the word vectors stay as loaded. */
  boolean freezeEmbeddings();

  /**
   * Written to {@code config.json} for the Hugging Face key only: the word models initialise their
   * layers as PyTorch does, not from this range.
   */
  @Override
  default float initializerRange() {
    return 0.02f;
  }

  /** Adds the common keys and the shared word-model keys to a config object. */
  static void writeCommon(JsonObject json, WordVectorConfig c) {
    ModelConfig.writeCommon(json, c);
    json.addProperty("embedding_size", c.embeddingSize());
    json.addProperty("hidden_size", c.hiddenSize());
    json.addProperty("num_hidden_layers", c.numHiddenLayers());
    json.addProperty("hidden_dropout_prob", c.hiddenDropoutProb());
    json.addProperty("freeze_embeddings", c.freezeEmbeddings());
  }
}
