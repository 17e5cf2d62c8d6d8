package org.transfer4j.model.distilbert;

import static org.transfer4j.model.ConfigChecks.positive;
import static org.transfer4j.model.ConfigChecks.probability;
import static org.transfer4j.model.ConfigChecks.range;

import com.google.gson.JsonObject;
import java.util.List;
import org.transfer4j.BadInputException;
import org.transfer4j.model.ConfigChecks;
import org.transfer4j.model.ConfigJson;
import org.transfer4j.model.Labels;
import org.transfer4j.model.ModelConfig;
import org.transfer4j.nn.Activation;

/**
 * DistilBERT's hyper-parameters (Sanh et al., 2019), one field per Hugging Face key ({@code dim},
 * {@code n_layers}, {@code n_heads}, {@code hidden_dim}, ...). The sizes are required when reading
 * a file; the rest default as in Hugging Face. LayerNorm epsilon is fixed at 1e-12 there.
 *
 * <pre>{@code
 * DistilBertConfig c = DistilBertConfig.read(dir);
 * }</pre>
 */
public record DistilBertConfig(
    int vocabSize,
    int maxPositionEmbeddings,
    boolean sinusoidalPosEmbds,
    int nLayers,
    int nHeads,
    int dim,
    int hiddenDim,
    float dropout,
    float attentionDropout,
    String activation,
    float initializerRange,
    float qaDropout,
    float seqClassifDropout,
    int padTokenId,
    Labels labels,
    List<String> architectures)
    implements ModelConfig {

  public static final String MODEL_TYPE = "distilbert";

  /** DistilBERT's LayerNorm epsilon (not a config key). */
  public static final float LAYER_NORM_EPS = 1e-12f;

  public DistilBertConfig {
    range("vocab_size", vocabSize, ConfigChecks.MAX_VOCABULARY);
    range("max_position_embeddings", maxPositionEmbeddings, ConfigChecks.MAX_POSITIONS);
    range("n_layers", nLayers, ConfigChecks.MAX_LAYERS);
    range("dim", dim, ConfigChecks.MAX_WIDTH);
    range("n_heads", nHeads, dim);
    range("hidden_dim", hiddenDim, ConfigChecks.MAX_WIDTH);
    ConfigChecks.fitsInMemory(
        ConfigChecks.transformerParameters(
            vocabSize, maxPositionEmbeddings, 0, dim, hiddenDim, nLayers));
    if (dim % nHeads != 0) {
      throw new BadInputException(
          "dim "
              + dim
              + " is not a multiple of n_heads "
              + nHeads
              + "; each head gets dim / n_heads");
    }
    Activation.parse(activation, "activation");
    probability("dropout", dropout);
    probability("attention_dropout", attentionDropout);
    probability("qa_dropout", qaDropout);
    probability("seq_classif_dropout", seqClassifDropout);
    positive("initializer_range", initializerRange);
    if (padTokenId >= vocabSize) {
      throw new BadInputException(
          "pad_token_id " + padTokenId + " is outside the vocabulary of size " + vocabSize);
    }
    if (labels == null) {
      labels = Labels.numbered(2);
    }
    architectures = List.copyOf(architectures);
  }

  /** distilbert-base: 6 layers, dim 768, 12 heads, hidden 3072, BERT's uncased vocabulary. */
  public static DistilBertConfig base() {
    return new DistilBertConfig(
        30522,
        512,
        false,
        6,
        12,
        768,
        3072,
        0.1f,
        0.1f,
        "gelu",
        0.02f,
        0.1f,
        0.2f,
        0,
        Labels.numbered(2),
        List.of());
  }

  public static DistilBertConfig read(java.nio.file.Path fileOrDir) throws java.io.IOException {
    return fromJson(ConfigJson.read(fileOrDir));
  }

  public static DistilBertConfig fromJson(ConfigJson j) {
    return j.parse(
        () ->
            new DistilBertConfig(
                j.requireInt("vocab_size"),
                j.optInt("max_position_embeddings", 512),
                j.optBool("sinusoidal_pos_embds", false),
                j.requireInt("n_layers"),
                j.requireInt("n_heads"),
                j.requireInt("dim"),
                j.requireInt("hidden_dim"),
                j.optFloat("dropout", 0.1f),
                j.optFloat("attention_dropout", 0.1f),
                j.optString("activation", "gelu"),
                j.optFloat("initializer_range", 0.02f),
                j.optFloat("qa_dropout", 0.1f),
                j.optFloat("seq_classif_dropout", 0.2f),
                j.optInt("pad_token_id", 0),
                j.labels(),
                j.architectures()));
  }

  @Override
  public String modelType() {
    return MODEL_TYPE;
  }

  public Activation activationFunction() {
    return Activation.parse(activation, "activation");
  }

  public DistilBertConfig withLabels(Labels l) {
    return new DistilBertConfig(
        vocabSize,
        maxPositionEmbeddings,
        sinusoidalPosEmbds,
        nLayers,
        nHeads,
        dim,
        hiddenDim,
        dropout,
        attentionDropout,
        activation,
        initializerRange,
        qaDropout,
        seqClassifDropout,
        padTokenId,
        l,
        architectures);
  }

  @Override
  public JsonObject toJson() {
    JsonObject j = new JsonObject();
    ModelConfig.writeCommon(j, this);
    j.addProperty("vocab_size", vocabSize);
    j.addProperty("max_position_embeddings", maxPositionEmbeddings);
    j.addProperty("sinusoidal_pos_embds", sinusoidalPosEmbds);
    j.addProperty("n_layers", nLayers);
    j.addProperty("n_heads", nHeads);
    j.addProperty("dim", dim);
    j.addProperty("hidden_dim", hiddenDim);
    j.addProperty("dropout", dropout);
    j.addProperty("attention_dropout", attentionDropout);
    j.addProperty("activation", activation);
    j.addProperty("qa_dropout", qaDropout);
    j.addProperty("seq_classif_dropout", seqClassifDropout);
    j.addProperty("pad_token_id", padTokenId);
    j.addProperty("tie_weights_", true);
    return j;
  }
}
