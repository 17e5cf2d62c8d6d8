package org.transfer4j.model.gpt2;

import static org.transfer4j.model.ConfigChecks.positive;
import static org.transfer4j.model.ConfigChecks.probability;
import static org.transfer4j.model.ConfigChecks.range;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.transfer4j.BadInputException;
import org.transfer4j.model.ConfigChecks;
import org.transfer4j.model.ConfigJson;
import org.transfer4j.model.Labels;
import org.transfer4j.model.ModelConfig;
import org.transfer4j.nn.Activation;

/**
 * GPT-2's hyper-parameters (Radford et al., 2019), one component per Hugging Face {@code
 * config.json} key ({@code nEmbd} for {@code n_embd}), with Hugging Face's defaults (GPT-2 small)
 * for absent keys.
 *
 * <pre>{@code
 * Gpt2Config c = Gpt2Config.read(Path.of("gpt2"));   // a folder or its config.json
 * Gpt2Config small = Gpt2Config.small();              // 124M parameters
 * }</pre>
 *
 * @param nInner the MLP width; {@code null} in the file means {@code 4 * n_embd}, resolved here
 */
public record Gpt2Config(
    int vocabSize,
    int nPositions,
    int nEmbd,
    int nLayer,
    int nHead,
    int nInner,
    String activationFunction,
    float residPdrop,
    float embdPdrop,
    float attnPdrop,
    float layerNormEpsilon,
    float initializerRange,
    int bosTokenId,
    int eosTokenId,
    Labels labels,
    List<String> architectures)
    implements ModelConfig {

  public static final String MODEL_TYPE = "gpt2";

  public Gpt2Config {
    range("vocab_size", vocabSize, ConfigChecks.MAX_VOCABULARY);
    range("n_positions", nPositions, ConfigChecks.MAX_POSITIONS);
    range("n_embd", nEmbd, ConfigChecks.MAX_WIDTH);
    range("n_layer", nLayer, ConfigChecks.MAX_LAYERS);
    range("n_head", nHead, nEmbd);
    range("n_inner", nInner, ConfigChecks.MAX_WIDTH);
    ConfigChecks.fitsInMemory(
        ConfigChecks.transformerParameters(vocabSize, nPositions, 0, nEmbd, nInner, nLayer));
    if (nEmbd % nHead != 0) {
      throw new BadInputException(
          "n_embd "
              + nEmbd
              + " is not a multiple of n_head "
              + nHead
              + "; each head gets n_embd / n_head dimensions");
    }
    Activation.parse(activationFunction, "activation_function");
    probability("resid_pdrop", residPdrop);
    probability("embd_pdrop", embdPdrop);
    probability("attn_pdrop", attnPdrop);
    positive("layer_norm_epsilon", layerNormEpsilon);
    positive("initializer_range", initializerRange);
    tokenId("bos_token_id", bosTokenId, vocabSize);
    tokenId("eos_token_id", eosTokenId, vocabSize);
    if (labels == null) {
      labels = Labels.numbered(2);
    }
    architectures = architectures == null ? List.of() : List.copyOf(architectures);
  }

  /** The sizes and the defaults of everything else. */
  public static Gpt2Config of(
      int vocabSize, int nPositions, int nEmbd, int nLayer, int nHead, float dropout) {
    return new Gpt2Config(
        vocabSize,
        nPositions,
        nEmbd,
        nLayer,
        nHead,
        4 * nEmbd,
        "gelu_new",
        dropout,
        dropout,
        dropout,
        1e-5f,
        0.02f,
        vocabSize - 1,
        vocabSize - 1,
        null,
        List.of("GPT2LMHeadModel"));
  }

  /** GPT-2 small (124M parameters): 12 layers, 12 heads, width 768, 1024 positions. */
  public static Gpt2Config small() {
    return of(50257, 1024, 768, 12, 12, 0.1f);
  }

  /** A tiny model for tests: vocabulary 101, 2 layers, 4 heads, width 32, 32 positions. */
  public static Gpt2Config tiny() {
    return of(101, 32, 32, 2, 4, 0.1f);
  }

  /** The causal-LM pretraining presets: width, depth and heads in the spirit of BERT's. */
  public static final List<String> PRESETS = List.of("gpt2-tiny", "gpt2-mini", "gpt2-small");

  /**
   * A preset by name: {@code gpt2-tiny} (L2/H128/A2, 128 positions), {@code gpt2-mini} (L4/H256/A4,
   * 256 positions), {@code gpt2-small} (GPT-2 small); the vocabulary follows the tokenizer ({@link
   * #withVocabulary}).
   */
  public static Gpt2Config preset(String name) {
    return switch (name) {
      case "gpt2-tiny" -> of(50257, 128, 128, 2, 2, 0.1f);
      case "gpt2-mini" -> of(50257, 256, 256, 4, 4, 0.1f);
      case "gpt2-small" -> small();
      default ->
          throw new BadInputException(
              "unknown GPT-2 preset '" + name + "'; choose one of " + String.join(", ", PRESETS));
    };
  }

  /** The same model for another vocabulary, with {@code eos} as both BOS and EOS (GPT-2's use). */
  public Gpt2Config withVocabulary(int vocab, int eos) {
    return new Gpt2Config(
        vocab,
        nPositions,
        nEmbd,
        nLayer,
        nHead,
        nInner,
        activationFunction,
        residPdrop,
        embdPdrop,
        attnPdrop,
        layerNormEpsilon,
        initializerRange,
        eos,
        eos,
        labels,
        List.of("GPT2LMHeadModel"));
  }

  @Override
  public String modelType() {
    return MODEL_TYPE;
  }

  /** Width of one attention head. */
  public int headDim() {
    return nEmbd / nHead;
  }

  public Activation activation() {
    return Activation.parse(activationFunction, "activation_function");
  }

  /** The same configuration with another initializer range (std of the initial weights). */
  public Gpt2Config withInitializerRange(float std) {
    return new Gpt2Config(
        vocabSize,
        nPositions,
        nEmbd,
        nLayer,
        nHead,
        nInner,
        activationFunction,
        residPdrop,
        embdPdrop,
        attnPdrop,
        layerNormEpsilon,
        std,
        bosTokenId,
        eosTokenId,
        labels,
        architectures);
  }

  /** Reads {@code config.json} (a folder or the file). */
  public static Gpt2Config read(Path fileOrDir) throws IOException {
    return fromJson(ConfigJson.read(fileOrDir));
  }

  /** Parses a config; errors name the file and key. */
  public static Gpt2Config fromJson(ConfigJson j) {
    return j.parse(
        () -> {
          String type = j.modelType();
          if (type != null && !type.equals(MODEL_TYPE)) {
            throw new BadInputException("model_type is '" + type + "', expected 'gpt2'");
          }
          Gpt2Config d = small();
          int nEmbd = j.optInt("n_embd", d.nEmbd);
          int vocab = j.optInt("vocab_size", d.vocabSize);
          return new Gpt2Config(
              vocab,
              j.optInt("n_positions", d.nPositions),
              nEmbd,
              j.optInt("n_layer", d.nLayer),
              j.optInt("n_head", d.nHead),
              j.optInt("n_inner", 4 * nEmbd), // null or absent: 4 * n_embd
              j.optString("activation_function", "gelu_new"),
              j.optFloat("resid_pdrop", 0.1f),
              j.optFloat("embd_pdrop", 0.1f),
              j.optFloat("attn_pdrop", 0.1f),
              j.optFloat("layer_norm_epsilon", 1e-5f),
              j.optFloat("initializer_range", 0.02f),
              j.optInt("bos_token_id", Math.min(50256, vocab - 1)),
              j.optInt("eos_token_id", Math.min(50256, vocab - 1)),
              j.labels(),
              j.architectures());
        });
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    ModelConfig.writeCommon(o, this);
    o.addProperty("vocab_size", vocabSize);
    o.addProperty("n_positions", nPositions);
    o.addProperty("n_ctx", nPositions);
    o.addProperty("n_embd", nEmbd);
    o.addProperty("n_layer", nLayer);
    o.addProperty("n_head", nHead);
    o.addProperty("n_inner", nInner);
    o.addProperty("activation_function", activationFunction);
    o.addProperty("resid_pdrop", residPdrop);
    o.addProperty("embd_pdrop", embdPdrop);
    o.addProperty("attn_pdrop", attnPdrop);
    o.addProperty("layer_norm_epsilon", layerNormEpsilon);
    o.addProperty("bos_token_id", bosTokenId);
    o.addProperty("eos_token_id", eosTokenId);
    return o;
  }

  private static void tokenId(String key, int id, int vocab) {
    if (id < 0 || id >= vocab) {
      throw new BadInputException(key + " " + id + " is outside the vocabulary of size " + vocab);
    }
  }
}
