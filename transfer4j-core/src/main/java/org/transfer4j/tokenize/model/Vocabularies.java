package org.transfer4j.tokenize.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transfer4j.BadInputException;

/**
 * Reads and writes the vocabulary files of the original releases: BERT {@code vocab.txt} (one token
 * a line, id = line index), GPT-2 {@code vocab.json} and {@code merges.txt}. Vocabulary files must
 * be valid UTF-8 (they are rejected otherwise, naming the file and line).
 */
public final class Vocabularies {
  private Vocabularies() {}

  /** Reads {@code vocab.txt}. */
  public static Map<String, Integer> readVocabTxt(Path file) throws IOException {
    List<String> lines = readLines(file);
    Map<String, Integer> vocab = new LinkedHashMap<>();
    int id = 0;
    for (String line : lines) {
      // Trailing whitespace (e.g. '\r') is not part of a token; an empty line still takes an id.
      vocab.putIfAbsent(stripLineEnd(line), id);
      id++;
    }
    if (vocab.isEmpty()) {
      throw new BadInputException(
          "vocabulary file " + file + " is empty; expected one token per line");
    }
    return vocab;
  }

  private static String stripLineEnd(String s) {
    int e = s.length();
    while (e > 0 && (s.charAt(e - 1) == '\r' || s.charAt(e - 1) == '\n')) {
      e--;
    }
    return s.substring(0, e);
  }

  /** Writes {@code vocab.txt} in id order (gaps are filled with {@code [unusedN]} lines). */
  public static void writeVocabTxt(Map<String, Integer> vocab, Writer w) throws IOException {
    String[] byId = byId(vocab);
    for (int i = 0; i < byId.length; i++) {
      w.write(byId[i] == null ? "[unused_gap" + i + "]" : byId[i]);
      w.write('\n');
    }
  }

  /** Reads {@code vocab.json} (token to id). */
  public static Map<String, Integer> readVocabJson(Path file) throws IOException {
    String text = readUtf8(file);
    JsonElement root;
    try {
      root = JsonParser.parseString(text);
    } catch (JsonParseException e) {
      throw new BadInputException(
          "vocabulary file " + file + " is not valid JSON: " + e.getMessage());
    }
    if (!root.isJsonObject()) {
      throw new BadInputException(
          "vocabulary file " + file + ": expected a JSON object token -> id");
    }
    Map<String, Integer> vocab =
        fromJson(root.getAsJsonObject(), "vocabulary file " + file + " at $");
    if (vocab.isEmpty()) {
      throw new BadInputException(
          "vocabulary file " + file + " is empty; expected {\"token\": id, ...}");
    }
    return vocab;
  }

  /** Parses a JSON object token -> id; {@code where} names it in errors. */
  public static Map<String, Integer> fromJson(JsonObject o, String where) {
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      JsonElement v = e.getValue();
      if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
        throw new BadInputException(
            where + "." + e.getKey() + ": expected an integer id, got " + v);
      }
      int id;
      try {
        id = v.getAsBigDecimal().intValueExact(); // getAsInt would wrap 2^32 to id 0
      } catch (ArithmeticException x) {
        id = -1;
      }
      if (id < 0) {
        throw new BadInputException(
            where + "." + e.getKey() + ": id " + v + " is not an integer in 0..2147483647");
      }
      vocab.put(e.getKey(), id);
    }
    return vocab;
  }

  /** The vocabulary as a JSON object in id order. */
  public static JsonObject toJson(Map<String, Integer> vocab) {
    JsonObject o = new JsonObject();
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(vocab.entrySet());
    entries.sort(Comparator.comparingInt(Map.Entry::getValue));
    for (Map.Entry<String, Integer> e : entries) {
      o.addProperty(e.getKey(), e.getValue());
    }
    return o;
  }

  /**
   * Reads {@code merges.txt}: an optional {@code #version} line, then {@code "left right"} per line
   * (blank lines skipped).
   */
  public static List<String[]> readMerges(Path file) throws IOException {
    return readMerges(file, new ArrayList<>());
  }

  /**
   * As {@link #readMerges(Path)}, adding the 1-based line number of each merge to {@code
   * lineNumbers}.
   */
  public static List<String[]> readMerges(Path file, List<int[]> lineNumbers) throws IOException {
    List<String> lines = readLines(file);
    List<String[]> merges = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String line = stripLineEnd(lines.get(i));
      if ((i == 0 && line.startsWith("#version")) || line.isEmpty()) {
        continue;
      }
      String[] parts = line.split(" ", -1);
      if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
        throw new BadInputException(
            "merges file "
                + file
                + " invalid at line "
                + (i + 1)
                + ": expected two tokens separated by one space, got '"
                + line
                + "'");
      }
      merges.add(parts);
      lineNumbers.add(new int[] {i + 1});
    }
    return merges;
  }

  /** Writes {@code merges.txt} with the {@code #version: 0.2} header. */
  public static void writeMerges(List<String[]> merges, Writer w) throws IOException {
    w.write("#version: 0.2\n");
    for (String[] m : merges) {
      w.write(m[0]);
      w.write(' ');
      w.write(m[1]);
      w.write('\n');
    }
  }

  static String[] byId(Map<String, Integer> vocab) {
    int max = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
    String[] byId = new String[max + 1];
    vocab.forEach((t, id) -> byId[id] = t);
    return byId;
  }

  /** Reads a whole file as strict UTF-8, naming the file when it is missing or malformed. */
  public static String readUtf8(Path file) throws IOException {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (NoSuchFileException e) {
      throw new BadInputException("file " + file + " not found");
    } catch (CharacterCodingException e) {
      throw new BadInputException("file " + file + " is not valid UTF-8: " + e.getMessage());
    }
  }

  private static List<String> readLines(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException("file " + file + " not found");
    }
    var dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        if (i == bytes.length && start == i) {
          break;
        }
        try {
          lines.add(dec.decode(java.nio.ByteBuffer.wrap(bytes, start, i - start)).toString());
        } catch (CharacterCodingException e) {
          throw new BadInputException(
              "file "
                  + file
                  + " is not valid UTF-8 at line "
                  + (lines.size() + 1)
                  + "; re-save it as UTF-8");
        }
        start = i + 1;
      }
    }
    if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
      lines.set(0, lines.get(0).substring(1)); // byte order mark
    }
    return lines;
  }

  /** Merges from {@code tokenizer.json}: {@code ["a b", ...]} or {@code [["a", "b"], ...]}. */
  public static List<String[]> mergesFromJson(JsonArray a, String where) {
    List<String[]> merges = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      JsonElement e = a.get(i);
      String[] pair = null;
      if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
        String[] p = e.getAsString().split(" ", -1);
        if (p.length == 2 && !p[0].isEmpty() && !p[1].isEmpty()) {
          pair = p;
        }
      } else if (e.isJsonArray() && e.getAsJsonArray().size() == 2) {
        pair =
            new String[] {
              e.getAsJsonArray().get(0).getAsString(), e.getAsJsonArray().get(1).getAsString()
            };
      }
      if (pair == null) {
        throw new BadInputException(
            where + "[" + i + "]: expected \"left right\" or [\"left\", \"right\"], got " + e);
      }
      merges.add(pair);
    }
    return merges;
  }
}
