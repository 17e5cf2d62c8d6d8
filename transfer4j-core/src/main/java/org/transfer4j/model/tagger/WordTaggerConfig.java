package org.transfer4j.model.tagger;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.transfer4j.BadInputException;
import org.transfer4j.model.ConfigJson;
import org.transfer4j.model.Labels;
import org.transfer4j.model.WordVectorConfig;

/**
 * The config of a BiLSTM tagger on word vectors ({@code model_type = word_tagger}), optionally with
 * a character CNN, a casing feature and a CRF output layer (Lample et al., 2016; Ma and Hovy,
 * 2016). The model reads its input as characters ({@link CharLayout}): the vocabularies of words
 * and characters are part of the config, so the folder needs nothing else to tag new text.
 *
 * <pre>{@code
 * WordTaggerConfig c = WordTaggerConfig.defaults(words, chars, 100, Labels.of(tags), true, "iob1");
 * }</pre>
 *
 * @param wordVocab the words with an embedding row, in row order from row 2 (0 padding, 1 unknown)
 * @param charVocab the characters, in id order (see {@link CharLayout})
 * @param embeddingSize the word vector dimension
 * @param hiddenSize LSTM state per direction
 * @param numHiddenLayers stacked BiLSTM layers
 * @param hiddenDropoutProb dropout on the LSTM input and output and between layers
 * @param charEmbeddingSize character embedding size (0 = no character CNN)
 * @param charFilters CNN filters (the character feature size)
 * @param charKernelSize CNN width
 * @param casing whether the casing feature (one-hot of {@link Casing}) is added
 * @param useCrf a CRF output layer instead of independent softmax per word
 * @param crfScheme the scheme whose transitions the CRF forbids ({@code none}, {@code iob1}, ...)
 * @param freezeEmbeddings whether the word vectors stay as loaded
 * @param contextual contextual features from a frozen encoder, or null
 * @param labels the tags
 * @param architectures class names as read
 */
public record WordTaggerConfig(
    List<String> wordVocab,
    List<String> charVocab,
    int embeddingSize,
    int hiddenSize,
    int numHiddenLayers,
    float hiddenDropoutProb,
    int charEmbeddingSize,
    int charFilters,
    int charKernelSize,
    boolean casing,
    boolean useCrf,
    String crfScheme,
    boolean freezeEmbeddings,
    Contextual contextual,
    Labels labels,
    List<String> architectures)
    implements WordVectorConfig {
  /**
   * Contextual features from a frozen encoder (ELMo-style).
   *
   * @param model the encoder: a folder or built-in name
   * @param layers its hidden states (embeddings included)
   * @param size its hidden size
   * @param layerMix {@code scalar} (learned softmax-weighted mix) or {@code last}
   * @param subtoken a word's features from its {@code first} sub-token or the {@code mean}
   */
  public record Contextual(String model, int layers, int size, String layerMix, String subtoken) {
    public Contextual {
      if (!layerMix.equals("scalar") && !layerMix.equals("last")) {
        throw new BadInputException("--layer-mix must be scalar or last, got '" + layerMix + "'");
      }
      if (!subtoken.equals("first") && !subtoken.equals("mean")) {
        throw new BadInputException("--subtoken must be first or mean, got '" + subtoken + "'");
      }
    }
  }

  public static final String MODEL_TYPE = "word_tagger";
  public static final String SOFTMAX = "BiLstmForTokenClassification";
  public static final String CRF = "BiLstmCrfForTokenClassification";

  public WordTaggerConfig {
    wordVocab = List.copyOf(wordVocab);
    charVocab = List.copyOf(charVocab);
    if (embeddingSize <= 0 || hiddenSize <= 0 || numHiddenLayers <= 0) {
      throw new BadInputException(
          "embedding_size, hidden_size (--hidden) and num_hidden_layers (--layers) must be"
              + " positive");
    }
    if (!(hiddenDropoutProb >= 0 && hiddenDropoutProb < 1)) {
      throw new BadInputException("--dropout must be in [0, 1), got " + hiddenDropoutProb);
    }
    if (charEmbeddingSize < 0
        || (charEmbeddingSize > 0 && (charFilters <= 0 || charKernelSize <= 0))) {
      throw new BadInputException("the character CNN needs positive sizes");
    }
    if (crfScheme == null) {
      crfScheme = "none";
    }
    architectures = List.of(useCrf ? CRF : SOFTMAX);
  }

  /** Lample et al.'s sizes: LSTM 100 per direction; characters 25 dims, CNN 50 filters width 3. */
  public static WordTaggerConfig defaults(
      List<String> words,
      List<String> chars,
      int dim,
      Labels labels,
      boolean charCnn,
      boolean crf,
      String scheme) {
    return new WordTaggerConfig(
        words,
        chars,
        dim,
        100,
        1,
        0.5f,
        charCnn ? 25 : 0,
        50,
        3,
        true,
        crf,
        scheme,
        false,
        null,
        labels,
        null);
  }

  /** The sizes changed; 0 or negative keeps the current value. */
  public WordTaggerConfig withSizes(int hidden, int layers, float dropout, boolean freeze) {
    return new WordTaggerConfig(
        wordVocab,
        charVocab,
        embeddingSize,
        hidden > 0 ? hidden : hiddenSize,
        layers > 0 ? layers : numHiddenLayers,
        dropout >= 0 ? dropout : hiddenDropoutProb,
        charEmbeddingSize,
        charFilters,
        charKernelSize,
        casing,
        useCrf,
        crfScheme,
        freeze,
        contextual,
        labels,
        null);
  }

  /** With casing on or off and contextual features (or none). */
  public WordTaggerConfig withFeatures(boolean casing, Contextual contextual) {
    return new WordTaggerConfig(
        wordVocab,
        charVocab,
        embeddingSize,
        hiddenSize,
        numHiddenLayers,
        hiddenDropoutProb,
        charEmbeddingSize,
        charFilters,
        charKernelSize,
        casing,
        useCrf,
        crfScheme,
        freezeEmbeddings,
        contextual,
        labels,
        null);
  }

  /** Rows of the word embedding: padding, unknown, then the words. */
  public int vocabSize() {
    return wordVocab.size() + 2;
  }

  @Override
  public String modelType() {
    return MODEL_TYPE;
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    WordVectorConfig.writeCommon(o, this);
    o.addProperty("char_embedding_size", charEmbeddingSize);
    o.addProperty("char_filters", charFilters);
    o.addProperty("char_kernel_size", charKernelSize);
    o.addProperty("casing", casing);
    o.addProperty("use_crf", useCrf);
    o.addProperty("crf_scheme", crfScheme);
    if (contextual != null) {
      o.addProperty("contextual_model", contextual.model());
      o.addProperty("contextual_layers", contextual.layers());
      o.addProperty("contextual_size", contextual.size());
      o.addProperty("layer_mix", contextual.layerMix());
      o.addProperty("subtoken_pooling", contextual.subtoken());
    }
    o.add("char_vocab", ConfigJson.stringArray(charVocab));
    o.add("word_vocab", ConfigJson.stringArray(wordVocab));
    return o;
  }

  /** Parses a config; errors name the file and key. */
  public static WordTaggerConfig fromJson(ConfigJson j) {
    return j.parse(
        () ->
            new WordTaggerConfig(
                strings(j, "word_vocab"),
                strings(j, "char_vocab"),
                j.requireInt("embedding_size"),
                j.requireInt("hidden_size"),
                j.optInt("num_hidden_layers", 1),
                j.optFloat("hidden_dropout_prob", 0.5f),
                j.optInt("char_embedding_size", 0),
                j.optInt("char_filters", 50),
                j.optInt("char_kernel_size", 3),
                j.optBool("casing", true),
                j.optBool("use_crf", false),
                j.optString("crf_scheme", "none"),
                j.optBool("freeze_embeddings", false),
                j.has("contextual_model")
                    ? new Contextual(
                        j.optString("contextual_model", null),
                        j.requireInt("contextual_layers"),
                        j.requireInt("contextual_size"),
                        j.optString("layer_mix", "scalar"),
                        j.optString("subtoken_pooling", "first"))
                    : null,
                j.labels(),
                j.architectures()));
  }

  private static List<String> strings(ConfigJson j, String key) {
    if (!j.json().has(key) || !j.json().get(key).isJsonArray()) {
      throw new BadInputException(j.source() + ": missing required key '" + key + "' (a list)");
    }
    JsonArray a = j.json().getAsJsonArray(key);
    List<String> out = new ArrayList<>(a.size());
    a.forEach(e -> out.add(e.getAsString()));
    return out;
  }
}
