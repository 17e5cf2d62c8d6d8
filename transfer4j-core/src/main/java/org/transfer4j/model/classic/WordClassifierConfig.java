package org.transfer4j.model.classic;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.transfer4j.BadInputException;
import org.transfer4j.model.ConfigJson;
import org.transfer4j.model.Labels;
import org.transfer4j.model.WordVectorConfig;

/**
 * The config of a word-vector classifier ({@code model_type = word_classifier}).
 *
 * <pre>{@code
 * WordClassifierConfig c = WordClassifierConfig.bilstm(20_000, 300, Labels.of(List.of("a", "b")));
 * }</pre>
 *
 * @param architecture {@code dan}, {@code bilstm} or {@code cnn}
 * @param vocabSize rows of the embedding, padding (row 0) and specials included
 * @param embeddingSize the word vector dimension
 * @param hiddenSize DAN: MLP width; BiLSTM: LSTM state per direction; CNN: filters per width
 * @param numHiddenLayers DAN: MLP layers; BiLSTM: stacked LSTM layers; CNN: unused (1)
 * @param hiddenDropoutProb dropout in the MLP, between LSTM layers and before the output layer
 * @param embeddingDropoutProb spatial dropout on the word vectors
 * @param kernelSizes CNN kernel widths
 * @param danPooling {@code mean} or {@code sum} of the word vectors (DAN)
 * @param freezeEmbeddings whether the word vectors stay as loaded
 * @param padTokenId the padding id (row 0)
 * @param labels the classes
 * @param architectures Hugging Face class names as read
 */
public record WordClassifierConfig(
    String architecture,
    int vocabSize,
    int embeddingSize,
    int hiddenSize,
    int numHiddenLayers,
    float hiddenDropoutProb,
    float embeddingDropoutProb,
    List<Integer> kernelSizes,
    String danPooling,
    boolean freezeEmbeddings,
    int padTokenId,
    Labels labels,
    List<String> architectures)
    implements WordVectorConfig {
  public static final String MODEL_TYPE = "word_classifier";
  public static final List<String> ARCHITECTURES = List.of("dan", "bilstm", "cnn");

  public WordClassifierConfig {
    architecture = architecture.toLowerCase(Locale.ROOT);
    if (!ARCHITECTURES.contains(architecture)) {
      throw new BadInputException(
          "--arch must be one of bert, dan, bilstm, cnn; got '" + architecture + "'");
    }
    positive("vocab_size", vocabSize);
    positive("embedding_size", embeddingSize);
    positive("hidden_size (--hidden)", hiddenSize);
    positive("num_hidden_layers (--layers)", numHiddenLayers);
    if (!(hiddenDropoutProb >= 0 && hiddenDropoutProb < 1)
        || !(embeddingDropoutProb >= 0 && embeddingDropoutProb < 1)) {
      throw new BadInputException("--dropout must be in [0, 1)");
    }
    kernelSizes = List.copyOf(kernelSizes);
    if (kernelSizes.isEmpty() || kernelSizes.stream().anyMatch(k -> k < 1 || k > 32)) {
      throw new BadInputException(
          "--kernel-sizes must be widths between 1 and 32, e.g. 2,3,4,5; got " + kernelSizes);
    }
    if (!danPooling.equals("mean") && !danPooling.equals("sum")) {
      throw new BadInputException("dan_pooling must be mean or sum, got '" + danPooling + "'");
    }
    if (architectures == null || architectures.isEmpty()) {
      architectures = List.of(className(architecture));
    }
  }

  private static void positive(String key, int v) {
    if (v <= 0) {
      throw new BadInputException(key + " must be positive, got " + v);
    }
  }

  /** The class name written to {@code architectures}: {@code BiLstmForSequenceClassification}. */
  public static String className(String arch) {
    return switch (arch) {
      case "dan" -> "DanForSequenceClassification";
      case "bilstm" -> "BiLstmForSequenceClassification";
      case "cnn" -> "CnnForSequenceClassification";
      default -> throw new IllegalArgumentException(arch);
    };
  }

  /** Defaults of the notebook: DAN 2 x 256, BiLSTM 1 x 128 per direction, CNN 100 x {2,3,4,5}. */
  public static WordClassifierConfig defaults(String arch, int vocab, int dim, Labels labels) {
    String a = arch.toLowerCase(Locale.ROOT);
    // The presets differ only in width and depth.
    int hidden =
        switch (a) {
          case "bilstm" -> 128;
          case "cnn" -> 100;
          default -> 256;
        };
    int layers = a.equals("bilstm") || a.equals("cnn") ? 1 : 2;
    return new WordClassifierConfig(
        arch,
        vocab,
        dim,
        hidden,
        layers,
        0.3f,
        0.2f,
        List.of(2, 3, 4, 5),
        "mean",
        false,
        0,
        labels,
        null);
  }

  public WordClassifierConfig withHidden(int hidden, int layers, float dropout) {
    Copy c = new Copy(this);
    c.hiddenSize = hidden;
    c.numHiddenLayers = layers;
    c.hiddenDropoutProb = dropout;
    return c.build();
  }

  public WordClassifierConfig withDanPooling(String pooling) {
    Copy c = new Copy(this);
    c.danPooling = pooling;
    return c.build();
  }

  public WordClassifierConfig withKernels(List<Integer> kernels, boolean freeze) {
    Copy c = new Copy(this);
    c.kernelSizes = kernels;
    c.freezeEmbeddings = freeze;
    return c.build();
  }

  public WordClassifierConfig withLabels(Labels l) {
    Copy c = new Copy(this);
    c.labels = l;
    return c.build();
  }

  /**
   * A mutable copy for the with* methods, so each names only what it changes; {@code architectures}
   * is recomputed from the architecture (as a fresh config would be).
   */
  private static final class Copy {
    private final String architecture;
    private final int vocabSize;
    private final int embeddingSize;
    private int hiddenSize;
    private int numHiddenLayers;
    private float hiddenDropoutProb;
    private final float embeddingDropoutProb;
    private List<Integer> kernelSizes;
    private String danPooling;
    private boolean freezeEmbeddings;
    private final int padTokenId;
    private Labels labels;

    Copy(WordClassifierConfig c) {
      architecture = c.architecture;
      vocabSize = c.vocabSize;
      embeddingSize = c.embeddingSize;
      hiddenSize = c.hiddenSize;
      numHiddenLayers = c.numHiddenLayers;
      hiddenDropoutProb = c.hiddenDropoutProb;
      embeddingDropoutProb = c.embeddingDropoutProb;
      kernelSizes = c.kernelSizes;
      danPooling = c.danPooling;
      freezeEmbeddings = c.freezeEmbeddings;
      padTokenId = c.padTokenId;
      labels = c.labels;
    }

    WordClassifierConfig build() {
      return new WordClassifierConfig(
          architecture,
          vocabSize,
          embeddingSize,
          hiddenSize,
          numHiddenLayers,
          hiddenDropoutProb,
          embeddingDropoutProb,
          kernelSizes,
          danPooling,
          freezeEmbeddings,
          padTokenId,
          labels,
          null);
    }
  }

  @Override
  public String modelType() {
    return MODEL_TYPE;
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    WordVectorConfig.writeCommon(o, this);
    o.addProperty("classifier", architecture);
    o.addProperty("vocab_size", vocabSize);
    o.addProperty("embedding_dropout_prob", embeddingDropoutProb);
    JsonArray k = new JsonArray();
    kernelSizes.forEach(k::add);
    o.add("kernel_sizes", k);
    o.addProperty("dan_pooling", danPooling);
    o.addProperty("pad_token_id", padTokenId);
    return o;
  }

  /** Parses a config; errors name the file and key. */
  public static WordClassifierConfig fromJson(ConfigJson j) {
    return j.parse(
        () -> {
          List<Integer> kernels = new ArrayList<>();
          JsonElement e = j.json().get("kernel_sizes");
          if (e != null && e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> kernels.add(x.getAsInt()));
          } else {
            kernels.addAll(List.of(2, 3, 4, 5));
          }
          return new WordClassifierConfig(
              j.optString("classifier", "dan"),
              j.requireInt("vocab_size"),
              j.requireInt("embedding_size"),
              j.requireInt("hidden_size"),
              j.optInt("num_hidden_layers", 1),
              j.optFloat("hidden_dropout_prob", 0.3f),
              j.optFloat("embedding_dropout_prob", 0.2f),
              kernels,
              j.optString("dan_pooling", "mean"),
              j.optBool("freeze_embeddings", false),
              j.optInt("pad_token_id", 0),
              j.labels(),
              j.architectures());
        });
  }
}
