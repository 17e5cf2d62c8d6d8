package org.transfer4j.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.transfer4j.BadInputException;

/**
 * JSON lines: one object per non-blank line, each error naming the file and line.
 *
 * <pre>{@code
 * JsonLines.forEach(Path.of("train.jsonl"), (o, where) -> texts.add(o.get("text").getAsString()));
 * }</pre>
 */
public final class JsonLines {
  private JsonLines() {}

  /** Receives one object and its location {@code file:line}. */
  @FunctionalInterface
  public interface Visitor {
    void visit(JsonObject object, String where);
  }

  /** Parses every non-blank line of {@code file} as a JSON object and hands it to {@code v}. */
  public static void forEach(Path file, Visitor v) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        String where = file + ":" + n;
        v.visit(object(line, where), where);
      }
    }
  }

  /**
   * One line as a JSON object; anything else is a {@link BadInputException} naming {@code where}.
   */
  public static JsonObject object(String line, String where) {
    JsonElement e;
    try {
      e = JsonParser.parseString(line);
    } catch (JsonParseException ex) {
      throw new BadInputException(where + ": not valid JSON: " + ex.getMessage(), ex);
    }
    if (!e.isJsonObject()) {
      throw new BadInputException(where + ": $ must be a JSON object");
    }
    return e.getAsJsonObject();
  }
}
