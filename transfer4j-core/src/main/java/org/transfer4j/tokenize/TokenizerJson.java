package org.transfer4j.tokenize;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import org.transfer4j.BadInputException;
import org.transfer4j.tokenize.Stages.Json;

/**
 * Reads and writes Hugging Face {@code tokenizer.json}. Errors name the source and the JSON path
 * ({@code tokenizer.json: $.model.type 'Unigram' is not supported; ...}).
 */
public final class TokenizerJson {
  private TokenizerJson() {}

  /** Parses {@code json}; {@code source} names it (a file path) in error messages. */
  public static Tokenizer parse(String json, String source) {
    JsonElement rootEl;
    try {
      rootEl = JsonParser.parseString(json);
    } catch (JsonParseException | IllegalStateException e) {
      throw new BadInputException(source + " is not valid JSON: " + e.getMessage());
    }
    if (!rootEl.isJsonObject()) {
      throw new BadInputException(source + ": $ must be a JSON object, got " + kind(rootEl));
    }
    Json j = new Json(source);
    JsonObject root = rootEl.getAsJsonObject();
    JsonObject model = j.object(root, "model", "$");
    if (model == null) {
      throw new BadInputException(source + ": $.model is missing; a tokenizer.json needs a model");
    }
    List<AddedToken> added = new ArrayList<>();
    JsonArray at = j.array(root, "added_tokens", "$");
    if (at != null) {
      for (int i = 0; i < at.size(); i++) {
        String p = "$.added_tokens[" + i + "]";
        JsonObject t = j.asObject(at.get(i), p);
        added.add(
            new AddedToken(
                j.integer(t, "id", p, null),
                j.string(t, "content", p, null),
                j.bool(t, "single_word", p, false),
                j.bool(t, "lstrip", p, false),
                j.bool(t, "rstrip", p, false),
                j.bool(t, "normalized", p, true),
                j.bool(t, "special", p, false)));
      }
    }
    try {
      return new Tokenizer(
          Stages.normalizer(j, j.object(root, "normalizer", "$"), "$.normalizer"),
          Stages.preTokenizer(j, j.object(root, "pre_tokenizer", "$"), "$.pre_tokenizer"),
          Stages.model(j, model, "$.model"),
          Stages.postProcessor(j, j.object(root, "post_processor", "$"), "$.post_processor"),
          Stages.decoder(j, j.object(root, "decoder", "$"), "$.decoder"),
          added,
          truncation(j, j.object(root, "truncation", "$")),
          padding(j, j.object(root, "padding", "$")));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(source + ": " + e.getMessage(), e);
    } catch (BadInputException e) {
      throw e.getMessage().startsWith(source)
          ? e
          : new BadInputException(source + ": " + e.getMessage(), e);
    }
  }

  private static String kind(JsonElement e) {
    return e.isJsonArray()
        ? "an array"
        : e.isJsonNull() ? "null" : "a " + e.getClass().getSimpleName();
  }

  private static Truncation truncation(Json j, JsonObject o) {
    if (o == null) {
      return null;
    }
    String p = "$.truncation";
    String dir = j.string(o, "direction", p, "Right");
    return new Truncation(
        j.integer(o, "max_length", p, null),
        j.integer(o, "stride", p, 0),
        Truncation.Strategy.parse(j.string(o, "strategy", p, "LongestFirst")),
        dir.equalsIgnoreCase("Left") ? Truncation.Direction.LEFT : Truncation.Direction.RIGHT);
  }

  private static Padding padding(Json j, JsonObject o) {
    if (o == null) {
      return null;
    }
    String p = "$.padding";
    JsonElement s = o.get("strategy");
    Padding.Strategy strategy = Padding.Strategy.BATCH_LONGEST;
    int length = 0;
    if (s != null && s.isJsonObject() && s.getAsJsonObject().has("Fixed")) {
      strategy = Padding.Strategy.FIXED;
      length = j.integer(s.getAsJsonObject(), "Fixed", p + ".strategy", null);
    } else if (s != null && !(s.isJsonPrimitive() && s.getAsString().equals("BatchLongest"))) {
      throw new BadInputException(
          j.source() + ": " + p + ".strategy must be \"BatchLongest\" or {\"Fixed\": n}, got " + s);
    }
    JsonElement m = o.get("pad_to_multiple_of");
    Integer multiple = m == null || m.isJsonNull() ? null : m.getAsInt();
    String dir = j.string(o, "direction", p, "Right");
    return new Padding(
        strategy,
        length,
        multiple,
        j.integer(o, "pad_id", p, 0),
        j.integer(o, "pad_type_id", p, 0),
        j.string(o, "pad_token", p, "[PAD]"),
        dir.equalsIgnoreCase("Left") ? Padding.Direction.LEFT : Padding.Direction.RIGHT);
  }

  /** The {@code tokenizer.json} text (pretty-printed, as Hugging Face saves it). */
  public static String write(Tokenizer t) {
    JsonObject root = new JsonObject();
    root.addProperty("version", "1.0");
    root.add(
        "truncation", t.truncation() == null ? JsonNull.INSTANCE : truncationJson(t.truncation()));
    root.add("padding", t.padding() == null ? JsonNull.INSTANCE : paddingJson(t.padding()));
    JsonArray added = new JsonArray();
    t.addedTokens().forEach(a -> added.add(a.toJson()));
    root.add("added_tokens", added);
    root.add("normalizer", t.normalizer() == null ? JsonNull.INSTANCE : t.normalizer().toJson());
    root.add(
        "pre_tokenizer", t.preTokenizer() == null ? JsonNull.INSTANCE : t.preTokenizer().toJson());
    root.add(
        "post_processor",
        t.postProcessor() == null ? JsonNull.INSTANCE : t.postProcessor().toJson());
    root.add("decoder", t.decoder() == null ? JsonNull.INSTANCE : t.decoder().toJson());
    root.add("model", t.model().toJson());
    return new GsonBuilder()
        .setPrettyPrinting()
        .serializeNulls()
        .disableHtmlEscaping()
        .create()
        .toJson(root);
  }

  private static JsonObject truncationJson(Truncation t) {
    JsonObject o = new JsonObject();
    o.addProperty("direction", t.direction() == Truncation.Direction.LEFT ? "Left" : "Right");
    o.addProperty("max_length", t.maxLength());
    o.addProperty("strategy", t.strategy().hfName());
    o.addProperty("stride", t.stride());
    return o;
  }

  private static JsonObject paddingJson(Padding p) {
    JsonObject o = new JsonObject();
    if (p.strategy() == Padding.Strategy.FIXED) {
      JsonObject f = new JsonObject();
      f.addProperty("Fixed", p.length());
      o.add("strategy", f);
    } else {
      o.addProperty("strategy", "BatchLongest");
    }
    o.addProperty("direction", p.direction() == Padding.Direction.LEFT ? "Left" : "Right");
    if (p.padToMultipleOf() == null) {
      o.add("pad_to_multiple_of", JsonNull.INSTANCE);
    } else {
      o.addProperty("pad_to_multiple_of", p.padToMultipleOf());
    }
    o.addProperty("pad_id", p.padId());
    o.addProperty("pad_type_id", p.padTypeId());
    o.addProperty("pad_token", p.padToken());
    return o;
  }
}
