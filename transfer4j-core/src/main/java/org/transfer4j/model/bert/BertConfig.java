package org.transfer4j.model.bert;

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
 * BERT's hyper-parameters (Devlin et al., 2019), one field per Hugging Face {@code config.json} key
 * ({@code hiddenSize} for {@code hidden_size}), with Hugging Face's defaults for optional keys. The
 * sizes ({@code vocab_size}, {@code hidden_size}, {@code num_hidden_layers}, {@code
 * num_attention_heads}, {@code intermediate_size}) are required when reading a file.
 *
 * <pre>{@code
 * BertConfig c = BertConfig.read(dir.resolve("config.json"));
 * BertConfig small = BertConfig.small().withLabels(Labels.of(List.of("neg", "pos")));
 * }</pre>
 */
public record BertConfig(
    int vocabSize,
    int hiddenSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int intermediateSize,
    String hiddenAct,
    float hiddenDropoutProb,
    float attentionProbsDropoutProb,
    int maxPositionEmbeddings,
    int typeVocabSize,
    float initializerRange,
    float layerNormEps,
    int padTokenId,
    String positionEmbeddingType,
    Float classifierDropout,
    String classifierPooling,
    Labels labels,
    List<String> architectures)
    implements ModelConfig {

  public static final String MODEL_TYPE = "bert";

  /** Sequence classification from the tanh pooler over [CLS], as Hugging Face's BERT does. */
  public static final String POOLING_CLS = "cls";

  /**
   * Sequence classification from the mean of the last hidden states over the real tokens: the
   * {@code classifier_pooling} of Hugging Face's ModernBERT and the pooling of Sentence-BERT
   * (Reimers and Gurevych, 2019). Python's {@code BertForSequenceClassification} ignores the key.
   */
  public static final String POOLING_MEAN = "mean";

  public BertConfig {
    range("vocab_size", vocabSize, ConfigChecks.MAX_VOCABULARY);
    range("hidden_size", hiddenSize, ConfigChecks.MAX_WIDTH);
    range("num_hidden_layers", numHiddenLayers, ConfigChecks.MAX_LAYERS);
    range("num_attention_heads", numAttentionHeads, hiddenSize);
    range("intermediate_size", intermediateSize, ConfigChecks.MAX_WIDTH);
    range("max_position_embeddings", maxPositionEmbeddings, ConfigChecks.MAX_POSITIONS);
    // Every input has token types (all 0 by default), so the embedding needs at least one row.
    range("type_vocab_size", typeVocabSize, ConfigChecks.MAX_VOCABULARY);
    ConfigChecks.fitsInMemory(
        ConfigChecks.transformerParameters(
            vocabSize,
            maxPositionEmbeddings,
            typeVocabSize,
            hiddenSize,
            intermediateSize,
            numHiddenLayers));
    if (hiddenSize % numAttentionHeads != 0) {
      throw new BadInputException(
          "hidden_size "
              + hiddenSize
              + " is not a multiple of num_attention_heads "
              + numAttentionHeads
              + "; each head gets hidden_size / num_attention_heads dimensions");
    }
    Activation.parse(hiddenAct, "hidden_act");
    probability("hidden_dropout_prob", hiddenDropoutProb);
    probability("attention_probs_dropout_prob", attentionProbsDropoutProb);
    if (classifierDropout != null) {
      probability("classifier_dropout", classifierDropout);
    }
    positive("initializer_range", initializerRange);
    positive("layer_norm_eps", layerNormEps);
    if (padTokenId >= vocabSize) {
      throw new BadInputException(
          "pad_token_id " + padTokenId + " is outside the vocabulary of size " + vocabSize);
    }
    if (!"absolute".equals(positionEmbeddingType)) {
      throw new BadInputException(
          "position_embedding_type '"
              + positionEmbeddingType
              + "' is not supported; only 'absolute' (learned positions) is");
    }
    if (classifierPooling == null) {
      classifierPooling = POOLING_CLS;
    }
    if (!POOLING_CLS.equals(classifierPooling) && !POOLING_MEAN.equals(classifierPooling)) {
      throw new BadInputException(
          "classifier_pooling '" + classifierPooling + "' is not supported; use cls or mean");
    }
    if (labels == null) {
      labels = Labels.numbered(2);
    }
    architectures = List.copyOf(architectures);
  }

  /**
   * A configuration of Turc et al. (2019), "Well-Read Students Learn Better" (Google's BERT
   * miniatures), with Google's conventions: heads = hidden / 64, intermediate = 4 hidden, the
   * 30,522-token uncased vocabulary, 512 positions.
   */
  public static BertConfig of(int layers, int hidden) {
    return new BertConfig(
        30522,
        hidden,
        layers,
        Math.max(1, hidden / 64),
        4 * hidden,
        "gelu",
        0.1f,
        0.1f,
        512,
        2,
        0.02f,
        1e-12f,
        0,
        "absolute",
        null,
        POOLING_CLS,
        Labels.numbered(2),
        List.of());
  }

  /** BERT-Tiny: L=2, H=128, 2 heads. */
  public static BertConfig tiny() {
    return of(2, 128);
  }

  /** BERT-Mini: L=4, H=256, 4 heads. */
  public static BertConfig mini() {
    return of(4, 256);
  }

  /** BERT-Small: L=4, H=512, 8 heads. */
  public static BertConfig small() {
    return of(4, 512);
  }

  /** BERT-Medium: L=8, H=512, 8 heads. */
  public static BertConfig medium() {
    return of(8, 512);
  }

  /** BERT-Base: L=12, H=768, 12 heads, 110M parameters. */
  public static BertConfig base() {
    return of(12, 768);
  }

  /** A preset by name: tiny, mini, small, medium, base. */
  public static BertConfig preset(String name) {
    switch (name) {
      case "tiny":
        return tiny();
      case "mini":
        return mini();
      case "small":
        return small();
      case "medium":
        return medium();
      case "base":
        return base();
      default:
        throw new BadInputException(
            "unknown BERT preset '" + name + "'; use tiny, mini, small, medium or base");
    }
  }

  /** Reads a {@code config.json} (file or folder). */
  public static BertConfig read(java.nio.file.Path fileOrDir) throws java.io.IOException {
    return fromJson(ConfigJson.read(fileOrDir));
  }

  /** Parses a config; errors name the file and key. */
  public static BertConfig fromJson(ConfigJson j) {
    return j.parse(
        () ->
            new BertConfig(
                j.requireInt("vocab_size"),
                j.requireInt("hidden_size"),
                j.requireInt("num_hidden_layers"),
                j.requireInt("num_attention_heads"),
                j.requireInt("intermediate_size"),
                j.optString("hidden_act", "gelu"),
                j.optFloat("hidden_dropout_prob", 0.1f),
                j.optFloat("attention_probs_dropout_prob", 0.1f),
                j.optInt("max_position_embeddings", 512),
                j.optInt("type_vocab_size", 2),
                j.optFloat("initializer_range", 0.02f),
                j.optFloat("layer_norm_eps", 1e-12f),
                j.optInt("pad_token_id", 0),
                j.optString("position_embedding_type", "absolute"),
                j.optNullableFloat("classifier_dropout"),
                j.optString("classifier_pooling", POOLING_CLS),
                j.labels(),
                j.architectures()));
  }

  @Override
  public String modelType() {
    return MODEL_TYPE;
  }

  public Activation activation() {
    return Activation.parse(hiddenAct, "hidden_act");
  }

  /** The classifier dropout: {@code classifier_dropout}, else {@code hidden_dropout_prob}. */
  public float effectiveClassifierDropout() {
    return classifierDropout != null ? classifierDropout : hiddenDropoutProb;
  }

  public BertConfig withLabels(Labels l) {
    return new BertConfig(
        vocabSize,
        hiddenSize,
        numHiddenLayers,
        numAttentionHeads,
        intermediateSize,
        hiddenAct,
        hiddenDropoutProb,
        attentionProbsDropoutProb,
        maxPositionEmbeddings,
        typeVocabSize,
        initializerRange,
        layerNormEps,
        padTokenId,
        positionEmbeddingType,
        classifierDropout,
        classifierPooling,
        l,
        architectures);
  }

  public BertConfig withVocabSize(int v) {
    return new BertConfig(
        v,
        hiddenSize,
        numHiddenLayers,
        numAttentionHeads,
        intermediateSize,
        hiddenAct,
        hiddenDropoutProb,
        attentionProbsDropoutProb,
        maxPositionEmbeddings,
        typeVocabSize,
        initializerRange,
        layerNormEps,
        padTokenId,
        positionEmbeddingType,
        classifierDropout,
        classifierPooling,
        labels,
        architectures);
  }

  public BertConfig withMaxPositionEmbeddings(int n) {
    return new BertConfig(
        vocabSize,
        hiddenSize,
        numHiddenLayers,
        numAttentionHeads,
        intermediateSize,
        hiddenAct,
        hiddenDropoutProb,
        attentionProbsDropoutProb,
        n,
        typeVocabSize,
        initializerRange,
        layerNormEps,
        padTokenId,
        positionEmbeddingType,
        classifierDropout,
        classifierPooling,
        labels,
        architectures);
  }

  /** The same config with both dropout probabilities set (0 for deterministic tests). */
  public BertConfig withDropout(float hidden, float attention) {
    return new BertConfig(
        vocabSize,
        hiddenSize,
        numHiddenLayers,
        numAttentionHeads,
        intermediateSize,
        hiddenAct,
        hidden,
        attention,
        maxPositionEmbeddings,
        typeVocabSize,
        initializerRange,
        layerNormEps,
        padTokenId,
        positionEmbeddingType,
        classifierDropout,
        classifierPooling,
        labels,
        architectures);
  }

  /**
   * The same config with {@code classifier_pooling} set: {@link #POOLING_CLS} or {@link
   * #POOLING_MEAN}.
   */
  public BertConfig withClassifierPooling(String pooling) {
    return new BertConfig(
        vocabSize,
        hiddenSize,
        numHiddenLayers,
        numAttentionHeads,
        intermediateSize,
        hiddenAct,
        hiddenDropoutProb,
        attentionProbsDropoutProb,
        maxPositionEmbeddings,
        typeVocabSize,
        initializerRange,
        layerNormEps,
        padTokenId,
        positionEmbeddingType,
        classifierDropout,
        pooling,
        labels,
        architectures);
  }

  /** Whether sequence classification pools by the mean over tokens instead of [CLS]. */
  public boolean meanPooling() {
    return POOLING_MEAN.equals(classifierPooling);
  }

  public BertConfig withArchitectures(List<String> a) {
    return new BertConfig(
        vocabSize,
        hiddenSize,
        numHiddenLayers,
        numAttentionHeads,
        intermediateSize,
        hiddenAct,
        hiddenDropoutProb,
        attentionProbsDropoutProb,
        maxPositionEmbeddings,
        typeVocabSize,
        initializerRange,
        layerNormEps,
        padTokenId,
        positionEmbeddingType,
        classifierDropout,
        classifierPooling,
        labels,
        a);
  }

  @Override
  public JsonObject toJson() {
    JsonObject j = new JsonObject();
    ModelConfig.writeCommon(j, this);
    j.addProperty("vocab_size", vocabSize);
    j.addProperty("hidden_size", hiddenSize);
    j.addProperty("num_hidden_layers", numHiddenLayers);
    j.addProperty("num_attention_heads", numAttentionHeads);
    j.addProperty("intermediate_size", intermediateSize);
    j.addProperty("hidden_act", hiddenAct);
    j.addProperty("hidden_dropout_prob", hiddenDropoutProb);
    j.addProperty("attention_probs_dropout_prob", attentionProbsDropoutProb);
    j.addProperty("max_position_embeddings", maxPositionEmbeddings);
    j.addProperty("type_vocab_size", typeVocabSize);
    j.addProperty("layer_norm_eps", layerNormEps);
    j.addProperty("pad_token_id", padTokenId);
    j.addProperty("position_embedding_type", positionEmbeddingType);
    if (classifierDropout != null) {
      j.addProperty("classifier_dropout", classifierDropout);
    }
    if (meanPooling()) {
      // Written only when it differs from BERT's behaviour, so that a Hugging Face config round
      // trips unchanged.
      j.addProperty("classifier_pooling", classifierPooling);
    }
    return j;
  }
}
