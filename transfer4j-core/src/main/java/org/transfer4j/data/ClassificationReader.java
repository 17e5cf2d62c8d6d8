package org.transfer4j.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.transfer4j.BadInputException;

/**
 * Reads text-classification files. The format follows the extension: {@code .csv} (RFC 4180, header
 * row), {@code .tsv} (tab-separated, header row, no quoting, as GLUE), {@code .jsonl} (one object
 * per line, {@code {"text": .., "text_pair": .., "label": ..}}, a label may be a string, a number
 * or an array of strings for multi-label), {@code .txt}/{@code .ft} (fastText: {@code __label__a
 * __label__b text}, several labels make a multi-label example). Errors name the file and line (and
 * JSON path).
 *
 * <pre>{@code
 * List<TextExample> train = ClassificationReader.read(Path.of("train.csv"),
 *     new ClassificationColumns("text", null, "category"));
 * LabelVocabulary labels = LabelVocabulary.fromTraining(train);
 * }</pre>
 */
public final class ClassificationReader {
  /** The fastText label prefix. */
  public static final String FASTTEXT_PREFIX = "__label__";

  private ClassificationReader() {}

  /** Reads {@code file}, choosing the format by its extension. */
  public static List<TextExample> read(Path file, ClassificationColumns columns)
      throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return readCsv(file, ',', columns);
    } else if (name.endsWith(".tsv")) {
      return readCsv(file, '\t', columns);
    } else if (name.endsWith(".jsonl") || name.endsWith(".json")) {
      return readJsonl(file, columns);
    } else if (name.endsWith(".txt") || name.endsWith(".ft")) {
      return readFastText(file);
    }
    throw new BadInputException(
        file + ": unknown data format; use .csv, .tsv, .jsonl or .txt (fastText __label__ lines)");
  }

  /**
   * Reads a CSV ({@code ','}, RFC 4180 quoting) or TSV ({@code '\t'}, no quoting) file with a
   * header row.
   */
  public static List<TextExample> readCsv(Path file, char delimiter, ClassificationColumns columns)
      throws IOException {
    List<TextExample> out = new ArrayList<>();
    forEachCsv(file, delimiter, columns, out::add);
    return nonEmpty(file, out);
  }

  /**
   * As {@link #readCsv}, handing each example to {@code sink} as it is read, so that memory does
   * not grow with the file (prediction); returns the count, refusing a file without examples.
   */
  public static int forEachCsv(
      Path file, char delimiter, ClassificationColumns columns, Consumer<TextExample> sink)
      throws IOException {
    requireFile(file);
    CSVFormat.Builder b =
        CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true);
    if (delimiter == '\t') {
      b.setQuote(null);
    }
    int count = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser p = CSVParser.builder().setReader(r).setFormat(b.get()).get()) {
      Map<String, Integer> header = p.getHeaderMap();
      int text = column(file, header, columns.text(), "text");
      int pair = columns.pair() == null ? -1 : column(file, header, columns.pair(), "pair");
      int label = columns.label() == null ? -1 : column(file, header, columns.label(), "label");
      Iterator<CSVRecord> it = p.iterator();
      CSVRecord rec;
      while ((rec = nextRecord(file, p, it)) != null) {
        String where = file + ":" + p.getCurrentLineNumber();
        if (rec.size() != header.size()) {
          throw new BadInputException(
              where
                  + ": "
                  + rec.size()
                  + " fields but the header has "
                  + header.size()
                  + " ("
                  + String.join(", ", header.keySet())
                  + "); quote fields that contain the delimiter");
        }
        String t = rec.get(text);
        if (t.isBlank()) {
          throw new BadInputException(where + ": column '" + columns.text() + "' is empty");
        }
        String pr = pair < 0 ? null : rec.get(pair);
        List<String> labels = List.of();
        if (label >= 0) {
          String l = rec.get(label).strip();
          if (l.isEmpty()) {
            throw new BadInputException(
                where + ": label column '" + columns.label() + "' is empty");
          }
          labels = List.of(l);
        }
        sink.accept(new TextExample(t, pr, labels, where));
        count++;
      }
    }
    if (count == 0) {
      nonEmpty(file, List.of());
    }
    return count;
  }

  /**
   * The parser's next record, or null at the end; a CSV syntax error (an unclosed quote) becomes a
   * {@link BadInputException} naming the file and line.
   */
  static CSVRecord nextRecord(Path file, CSVParser p, Iterator<CSVRecord> it) {
    try {
      return it.hasNext() ? it.next() : null;
    } catch (UncheckedIOException | IllegalStateException e) {
      throw new BadInputException(
          file + ":" + (p.getCurrentLineNumber() + 1) + ": malformed CSV: " + e.getMessage(), e);
    }
  }

  /** Reads JSON lines; the keys are the column names ({@code text_pair} used if present). */
  public static List<TextExample> readJsonl(Path file, ClassificationColumns columns)
      throws IOException {
    requireFile(file);
    String pairKey = columns.pair() != null ? columns.pair() : "text_pair";
    List<TextExample> out = new ArrayList<>();
    JsonLines.forEach(
        file,
        (o, where) -> {
          String text = string(o, columns.text(), where, true);
          String pair = string(o, pairKey, where, columns.pair() != null);
          List<String> labels =
              columns.label() == null ? List.of() : labels(o, columns.label(), where);
          out.add(new TextExample(text, pair, labels, where));
        });
    return nonEmpty(file, out);
  }

  /** Reads fastText lines: leading {@code __label__x} tokens, then the text. */
  public static List<TextExample> readFastText(Path file) throws IOException {
    requireFile(file);
    List<TextExample> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        String where = file + ":" + n;
        String rest = line.strip();
        List<String> labels = new ArrayList<>();
        while (rest.startsWith(FASTTEXT_PREFIX)) {
          int sp = firstSpace(rest);
          String label = rest.substring(FASTTEXT_PREFIX.length(), sp < 0 ? rest.length() : sp);
          if (label.isEmpty()) {
            throw new BadInputException(where + ": empty label after " + FASTTEXT_PREFIX);
          }
          labels.add(label);
          rest = sp < 0 ? "" : rest.substring(sp).strip();
        }
        if (labels.isEmpty()) {
          throw new BadInputException(
              where + ": no label; fastText lines start with " + FASTTEXT_PREFIX + "name");
        }
        if (rest.isEmpty()) {
          throw new BadInputException(where + ": labels but no text");
        }
        out.add(new TextExample(rest, null, labels, where));
      }
    }
    return nonEmpty(file, out);
  }

  private static int firstSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  static int column(Path file, Map<String, Integer> header, String name, String role) {
    Integer i = header.get(name);
    if (i == null) {
      throw new BadInputException(
          file
              + ": no "
              + role
              + " column '"
              + name
              + "'; the columns found are: "
              + String.join(", ", header.keySet())
              + " (choose one with the "
              + role
              + " column option)");
    }
    return i;
  }

  private static String string(JsonObject o, String key, String where, boolean required) {
    JsonElement v = o.get(key);
    if (v == null || v.isJsonNull()) {
      if (required) {
        throw new BadInputException(
            where + ": $." + key + " is missing; keys found: " + String.join(", ", o.keySet()));
      }
      return null;
    }
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
      throw new BadInputException(where + ": $." + key + " must be a string, got " + v);
    }
    return v.getAsString();
  }

  private static List<String> labels(JsonObject o, String key, String where) {
    JsonElement v = o.get(key);
    if (v == null || v.isJsonNull()) {
      throw new BadInputException(
          where + ": $." + key + " is missing; keys found: " + String.join(", ", o.keySet()));
    }
    if (v.isJsonArray()) {
      JsonArray a = v.getAsJsonArray();
      List<String> out = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        out.add(scalar(a.get(i), where + ": $." + key + "[" + i + "]"));
      }
      return out;
    }
    return List.of(scalar(v, where + ": $." + key));
  }

  private static String scalar(JsonElement v, String path) {
    if (v.isJsonPrimitive()) {
      JsonPrimitive p = v.getAsJsonPrimitive();
      if (p.isString() && !p.getAsString().isBlank()) {
        return p.getAsString().strip();
      }
      if (p.isNumber()) {
        return p.getAsBigDecimal().stripTrailingZeros().toPlainString();
      }
      if (p.isBoolean()) {
        return p.getAsString();
      }
    }
    throw new BadInputException(
        path + " must be a non-empty string, a number or a boolean, got " + v);
  }

  /** An existing file of valid UTF-8 (refused naming the first invalid line otherwise). */
  static void requireFile(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file + ": no such file");
    }
    org.transfer4j.io.Utf8Check.requireValid(file);
  }

  private static List<TextExample> nonEmpty(Path file, List<TextExample> out) {
    if (out.isEmpty()) {
      throw new BadInputException(file + ": no examples (the file is empty or only a header)");
    }
    return out;
  }
}
