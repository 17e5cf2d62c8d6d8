package org.transfer4j.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a request body: one JSON object whose fields are checked as they are read, each failure an
 * {@link ApiError} (400) naming the field, so a client learns exactly what to fix.
 *
 * <pre>{@code
 * RequestJson r = RequestJson.parse(ctx.body());
 * List<String> texts = r.strings("texts", 256);
 * boolean stream = r.bool("stream", false);
 * }</pre>
 */
public final class RequestJson {
  private final JsonObject o;

  private RequestJson(JsonObject o) {
    this.o = o;
  }

  /** Parses the body; malformed JSON or anything but an object is a 400. */
  public static RequestJson parse(String body) {
    JsonElement e;
    try {
      e = JsonParser.parseString(body);
    } catch (JsonSyntaxException | IllegalStateException x) {
      String m = x.getCause() != null ? x.getCause().getMessage() : x.getMessage();
      throw ApiError.badRequest(null, "the body is not valid JSON: " + m);
    }
    if (e == null || !e.isJsonObject()) {
      throw ApiError.badRequest(null, "the body must be a JSON object such as {\"texts\": [..]}");
    }
    return new RequestJson(e.getAsJsonObject());
  }

  public boolean has(String field) {
    return o.has(field) && !o.get(field).isJsonNull();
  }

  /** A string field, or {@code fallback} when absent. */
  public String string(String field, String fallback) {
    if (!has(field)) {
      return fallback;
    }
    JsonElement e = o.get(field);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw ApiError.badRequest(field, "$." + field + " must be a string");
    }
    return e.getAsString();
  }

  /** A required non-empty array of strings with at most {@code max} elements. */
  public List<String> strings(String field, int max) {
    JsonArray a = array(field, max);
    List<String> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      out.add(string(a.get(i), field + "[" + i + "]"));
    }
    return out;
  }

  /** A required non-empty array of {@code [text, pair]} arrays with at most {@code max} pairs. */
  public List<String[]> pairs(String field, int max) {
    JsonArray a = array(field, max);
    List<String[]> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      JsonElement p = a.get(i);
      if (!p.isJsonArray() || p.getAsJsonArray().size() != 2) {
        throw ApiError.badRequest(
            field + "[" + i + "]", "$." + field + "[" + i + "] must be [text, text_pair]");
      }
      JsonArray pa = p.getAsJsonArray();
      out.add(
          new String[] {
            string(pa.get(0), field + "[" + i + "][0]"), string(pa.get(1), field + "[" + i + "][1]")
          });
    }
    return out;
  }

  /** A boolean field, or {@code fallback} when absent. */
  public boolean bool(String field, boolean fallback) {
    if (!has(field)) {
      return fallback;
    }
    JsonElement e = o.get(field);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw ApiError.badRequest(field, "$." + field + " must be true or false");
    }
    return e.getAsBoolean();
  }

  /** A number field in {@code [min, max]}, or {@code fallback} when absent. */
  public double number(String field, double fallback, double min, double max) {
    if (!has(field)) {
      return fallback;
    }
    JsonElement e = o.get(field);
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw ApiError.badRequest(field, "$." + field + " must be a number");
    }
    double v = e.getAsDouble();
    if (!(v >= min && v <= max)) {
      String range =
          max >= Integer.MAX_VALUE ? ">= " + fmt(min) : "in [" + fmt(min) + ", " + fmt(max) + "]";
      throw ApiError.badRequest(field, "$." + field + " must be " + range + ", got " + fmt(v));
    }
    return v;
  }

  /** An integer field in {@code [min, max]}, or {@code fallback} when absent. */
  public int integer(String field, int fallback, int min, int max) {
    double v = number(field, fallback, min, max);
    if (v != Math.rint(v)) {
      throw ApiError.badRequest(field, "$." + field + " must be a whole number, got " + v);
    }
    return (int) v;
  }

  private JsonArray array(String field, int max) {
    if (!has(field)) {
      throw ApiError.badRequest(field, "$." + field + " is missing");
    }
    JsonElement e = o.get(field);
    if (!e.isJsonArray() || e.getAsJsonArray().isEmpty()) {
      throw ApiError.badRequest(field, "$." + field + " must be a non-empty array");
    }
    JsonArray a = e.getAsJsonArray();
    if (a.size() > max) {
      throw ApiError.badRequest(
          field, "$." + field + " has " + a.size() + " elements; at most " + max + " per request");
    }
    return a;
  }

  private static String string(JsonElement e, String path) {
    if (e == null || !e.isJsonPrimitive() || !((JsonPrimitive) e).isString()) {
      throw ApiError.badRequest(path, "$." + path + " must be a string");
    }
    return e.getAsString();
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
