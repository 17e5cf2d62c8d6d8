package org.transfer4j.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.transfer4j.BadInputException;
import org.transfer4j.io.AtomicFiles;

/**
 * A Hugging Face {@code config.json} being read: typed getters that name the file and key in their
 * errors, and the atomic writer. Config records parse themselves from it.
 *
 * <pre>{@code
 * ConfigJson json = ConfigJson.read(dir.resolve("config.json"));
 * int hidden = json.requireInt("hidden_size");
 * float eps = json.optFloat("layer_norm_eps", 1e-12f);
 * }</pre>
 */
public final class ConfigJson {
  /** The file name inside a model folder. */
  public static final String FILE_NAME = "config.json";

  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

  private final JsonObject json;
  private final String source;

  private ConfigJson(JsonObject json, String source) {
    this.json = json;
    this.source = source;
  }

  /** Wraps an object; {@code source} names it in errors (a path or "preset"). */
  public static ConfigJson of(JsonObject json, String source) {
    return new ConfigJson(json, source);
  }

  /** Reads a config file (or {@code config.json} inside a folder). */
  public static ConfigJson read(Path fileOrDir) throws IOException {
    Path file = Files.isDirectory(fileOrDir) ? fileOrDir.resolve(FILE_NAME) : fileOrDir;
    if (!Files.exists(file)) {
      throw new BadInputException(
          "model config "
              + file
              + " does not exist; a model folder needs a Hugging Face config.json");
    }
    org.transfer4j.io.Utf8Check.requireValid(file);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      JsonElement e = JsonParser.parseString(text);
      if (!e.isJsonObject()) {
        throw new BadInputException(file + ": expected a JSON object at the top level");
      }
      return new ConfigJson(e.getAsJsonObject(), file.toString());
    } catch (JsonParseException e) {
      throw new BadInputException(file + ": invalid JSON: " + e.getMessage(), e);
    }
  }

  /** Writes a config object to a file atomically (temp file, then move), pretty-printed. */
  public static void write(JsonObject json, Path file) throws IOException {
    AtomicFiles.writeString(file, GSON.toJson(json) + "\n");
  }

  /** The config as pretty JSON text. */
  public static String toText(JsonObject json) {
    return GSON.toJson(json);
  }

  /**
   * Runs a config parser over this file: a {@link BadInputException} it throws (a missing key, a
   * value out of range in the record's constructor) gets the file name in front, once.
   */
  public <T> T parse(Supplier<T> parser) {
    try {
      return parser.get();
    } catch (BadInputException e) {
      if (e.getMessage().startsWith(source)) {
        throw e;
      }
      throw new BadInputException(source + ": " + e.getMessage(), e);
    }
  }

  public JsonObject json() {
    return json;
  }

  public String source() {
    return source;
  }

  public boolean has(String key) {
    return json.has(key) && !json.get(key).isJsonNull();
  }

  private BadInputException bad(String key, String what) {
    return new BadInputException(source + ": key '" + key + "' " + what);
  }

  private JsonPrimitive primitive(String key) {
    JsonElement e = json.get(key);
    if (!e.isJsonPrimitive()) {
      throw bad(key, "must be a scalar, got " + e);
    }
    return e.getAsJsonPrimitive();
  }

  /** An integer that must be present. */
  public int requireInt(String key) {
    if (!has(key)) {
      throw new BadInputException(
          source + ": missing required key '" + key + "'; add it (an integer) to the config");
    }
    return optInt(key, 0);
  }

  public int optInt(String key, int fallback) {
    if (!has(key)) {
      return fallback;
    }
    JsonPrimitive p = primitive(key);
    if (!p.isNumber()) {
      throw bad(key, "must be an integer, got " + p);
    }
    double d = p.getAsDouble();
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw bad(key, "must be an integer, got " + p);
    }
    return (int) d;
  }

  public float optFloat(String key, float fallback) {
    if (!has(key)) {
      return fallback;
    }
    JsonPrimitive p = primitive(key);
    if (!p.isNumber()) {
      throw bad(key, "must be a number, got " + p);
    }
    return p.getAsFloat();
  }

  /** A float that may be null or absent (for example {@code classifier_dropout}). */
  public Float optNullableFloat(String key) {
    return has(key) ? optFloat(key, 0f) : null;
  }

  public boolean optBool(String key, boolean fallback) {
    if (!has(key)) {
      return fallback;
    }
    JsonPrimitive p = primitive(key);
    if (!p.isBoolean()) {
      throw bad(key, "must be true or false, got " + p);
    }
    return p.getAsBoolean();
  }

  public String optString(String key, String fallback) {
    if (!has(key)) {
      return fallback;
    }
    JsonPrimitive p = primitive(key);
    if (!p.isString()) {
      throw bad(key, "must be a string, got " + p);
    }
    return p.getAsString();
  }

  /** {@code model_type}, or null when absent. */
  public String modelType() {
    return optString("model_type", null);
  }

  /** {@code architectures} (empty when absent). */
  public List<String> architectures() {
    List<String> out = new ArrayList<>();
    if (!has("architectures")) {
      return out;
    }
    JsonElement e = json.get("architectures");
    if (!e.isJsonArray()) {
      throw bad("architectures", "must be a list of class names, got " + e);
    }
    for (JsonElement a : e.getAsJsonArray()) {
      out.add(a.getAsString());
    }
    return out;
  }

  /** The labels from {@code id2label} / {@code label2id} / {@code num_labels}. */
  public Labels labels() {
    return Labels.fromJson(this);
  }

  /** A JSON array of strings. */
  public static JsonArray stringArray(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }
}
