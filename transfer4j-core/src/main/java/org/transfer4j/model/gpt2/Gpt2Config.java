package org.transfer4j.model.gpt2;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.transfer4j.BadInputException;

/**
 * The Hugging Face {@code config.json} of a GPT-2 model ({@code model_type: "gpt2"}); component
 * names follow the Hugging Face keys ({@code nEmbd} for {@code n_embd}).
 *
 * <pre>{@code
 * Gpt2Config c = Gpt2Config.fromJson(Path.of("gpt2/config.json"));
 * Gpt2Config small = Gpt2Config.small(); // the 124M model of Radford et al. (2019)
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
    int eosTokenId) {

  /**
   * Activations we implement; {@code gelu_new} is the tanh approximation GPT-2 was trained with.
   */
  public static final List<String> ACTIVATIONS = List.of("gelu_new", "gelu", "relu");

  public Gpt2Config {
    positive("vocab_size", vocabSize);
    positive("n_positions", nPositions);
    positive("n_embd", nEmbd);
    positive("n_layer", nLayer);
    positive("n_head", nHead);
    positive("n_inner", nInner);
    if (nEmbd % nHead != 0) {
      throw new BadInputException(
          "n_embd (" + nEmbd + ") must be divisible by n_head (" + nHead + ")");
    }
    if (!ACTIVATIONS.contains(activationFunction)) {
      throw new BadInputException(
          "activation_function '"
              + activationFunction
              + "' is not supported; use one of "
              + ACTIVATIONS);
    }
    probability("resid_pdrop", residPdrop);
    probability("embd_pdrop", embdPdrop);
    probability("attn_pdrop", attnPdrop);
    if (!(layerNormEpsilon > 0)) {
      throw new BadInputException("layer_norm_epsilon must be > 0, got " + layerNormEpsilon);
    }
    if (!(initializerRange > 0)) {
      throw new BadInputException("initializer_range must be > 0, got " + initializerRange);
    }
    tokenId("bos_token_id", bosTokenId, vocabSize);
    tokenId("eos_token_id", eosTokenId, vocabSize);
  }

  /** GPT-2 small (124M parameters): 12 layers, 12 heads, width 768, 1024 positions. */
  public static Gpt2Config small() {
    return new Gpt2Config(
        50257, 1024, 768, 12, 12, 3072, "gelu_new", 0.1f, 0.1f, 0.1f, 1e-5f, 0.02f, 50256, 50256);
  }

  /** A tiny model for tests: vocabulary 101, 2 layers, 4 heads, width 32, 32 positions. */
  public static Gpt2Config tiny() {
    return new Gpt2Config(
        101, 32, 32, 2, 4, 128, "gelu_new", 0.1f, 0.1f, 0.1f, 1e-5f, 0.02f, 100, 100);
  }

  /** Width of one attention head. */
  public int headDim() {
    return nEmbd / nHead;
  }

  /** The same configuration with all dropout probabilities set to {@code p}. */
  public Gpt2Config withDropout(float p) {
    return new Gpt2Config(
        vocabSize,
        nPositions,
        nEmbd,
        nLayer,
        nHead,
        nInner,
        activationFunction,
        p,
        p,
        p,
        layerNormEpsilon,
        initializerRange,
        bosTokenId,
        eosTokenId);
  }

  /** Reads {@code config.json} (a file, or a folder holding one). */
  public static Gpt2Config fromJson(Path file) throws IOException {
    Path f = Files.isDirectory(file) ? file.resolve("config.json") : file;
    String text = Files.readString(f);
    JsonObject o;
    try {
      o = JsonParser.parseString(text).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new BadInputException(f + " is not a JSON object: " + e.getMessage(), e);
    }
    try {
      return fromJson(o);
    } catch (BadInputException e) {
      throw new BadInputException(f + ": " + e.getMessage(), e);
    }
  }

  /** Reads a parsed {@code config.json} object; missing keys take the GPT-2 small defaults. */
  public static Gpt2Config fromJson(JsonObject o) {
    String type = string(o, "model_type", "gpt2");
    if (!type.equals("gpt2")) {
      throw new BadInputException(
          "$.model_type is '" + type + "', expected 'gpt2' for a GPT-2 configuration");
    }
    Gpt2Config d = small();
    int nEmbd = integer(o, "n_embd", d.nEmbd);
    JsonElement inner = o.get("n_inner");
    int nInner = inner == null || inner.isJsonNull() ? 4 * nEmbd : integer(o, "n_inner", 0);
    int vocab = integer(o, "vocab_size", d.vocabSize);
    return new Gpt2Config(
        vocab,
        integer(o, "n_positions", d.nPositions),
        nEmbd,
        integer(o, "n_layer", d.nLayer),
        integer(o, "n_head", d.nHead),
        nInner,
        string(o, "activation_function", "gelu_new"),
        number(o, "resid_pdrop", d.residPdrop),
        number(o, "embd_pdrop", d.embdPdrop),
        number(o, "attn_pdrop", d.attnPdrop),
        number(o, "layer_norm_epsilon", d.layerNormEpsilon),
        number(o, "initializer_range", d.initializerRange),
        integer(o, "bos_token_id", Math.min(d.bosTokenId, vocab - 1)),
        integer(o, "eos_token_id", Math.min(d.eosTokenId, vocab - 1)));
  }

  /** The Hugging Face {@code config.json} text for this configuration (GPT2LMHeadModel). */
  public String toJson() {
    JsonObject o = new JsonObject();
    JsonElement arch = JsonParser.parseString("[\"GPT2LMHeadModel\"]");
    o.add("architectures", arch);
    o.addProperty("model_type", "gpt2");
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
    o.addProperty("initializer_range", initializerRange);
    o.addProperty("bos_token_id", bosTokenId);
    o.addProperty("eos_token_id", eosTokenId);
    o.addProperty("torch_dtype", "float32");
    Gson gson = new GsonBuilder().setPrettyPrinting().create();
    return gson.toJson(o) + "\n";
  }

  private static int integer(JsonObject o, String key, int fallback) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return fallback;
    }
    try {
      double v = e.getAsDouble();
      if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return (int) v;
    } catch (NumberFormatException | UnsupportedOperationException | IllegalStateException ex) {
      throw new BadInputException("$." + key + " must be an integer, got " + e);
    }
  }

  private static float number(JsonObject o, String key, float fallback) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return fallback;
    }
    try {
      return e.getAsFloat();
    } catch (NumberFormatException | UnsupportedOperationException | IllegalStateException ex) {
      throw new BadInputException("$." + key + " must be a number, got " + e);
    }
  }

  private static String string(JsonObject o, String key, String fallback) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return fallback;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new BadInputException("$." + key + " must be a string, got " + e);
    }
    return e.getAsString();
  }

  private static void positive(String key, int v) {
    if (v <= 0) {
      throw new BadInputException(key + " must be > 0, got " + v);
    }
  }

  private static void probability(String key, float p) {
    if (!(p >= 0 && p < 1)) {
      throw new BadInputException(key + " must be in [0, 1), got " + p);
    }
  }

  private static void tokenId(String key, int id, int vocab) {
    if (id < 0 || id >= vocab) {
      throw new BadInputException(
          key + " must be a token id in [0, vocab_size=" + vocab + "), got " + id);
    }
  }
}
