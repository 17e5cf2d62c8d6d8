package org.transfer4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.transfer4j.BadInputException;

/**
 * Reads SWAG-style multiple-choice CSV files: columns {@code sent1}, {@code sent2}, {@code ending0
 * .. endingN-1} (contiguous) and optionally {@code label} (the right ending's index); other columns
 * ({@code video-id}, {@code fold-ind}, ...) are ignored. Every row must have every ending. Files
 * named {@code *.jsonl} or {@code *.json} (the Hugging Face datasets export) are read as JSON lines
 * with the same keys, or an {@code endings} array instead of {@code ending0..}.
 *
 * <pre>{@code
 * List<MultipleChoiceExample> train = SwagReader.read(Path.of("train.csv"));
 * List<EncodedInput> choices = train.get(0).encode(pairEncoder);
 * }</pre>
 */
public final class SwagReader {
  private SwagReader() {}

  public static List<MultipleChoiceExample> read(Path file) throws IOException {
    ClassificationReader.requireFile(file);
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".json")) {
      return readJsonLines(file);
    }
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    List<MultipleChoiceExample> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser p = CSVParser.builder().setReader(r).setFormat(format).get()) {
      Map<String, Integer> header = p.getHeaderMap();
      int sent1 = ClassificationReader.column(file, header, "sent1", "sent1");
      int sent2 = ClassificationReader.column(file, header, "sent2", "sent2");
      List<Integer> endings = new ArrayList<>();
      while (header.containsKey("ending" + endings.size())) {
        endings.add(header.get("ending" + endings.size()));
      }
      if (endings.size() < 2) {
        throw new BadInputException(
            file
                + ": needs columns ending0, ending1, ... (at least two endings); the columns found"
                + " are: "
                + String.join(", ", header.keySet()));
      }
      Integer label = header.get("label");
      Iterator<CSVRecord> it = p.iterator();
      int row = 0;
      CSVRecord rec;
      while ((rec = ClassificationReader.nextRecord(file, p, it)) != null) {
        row++;
        String where = file + ":" + p.getCurrentLineNumber() + " (row " + row + ")";
        List<String> ends = new ArrayList<>(endings.size());
        for (int k = 0; k < endings.size(); k++) {
          int col = endings.get(k);
          String e = col < rec.size() ? rec.get(col) : "";
          if (e.isBlank()) {
            throw new BadInputException(
                where
                    + ": ending"
                    + k
                    + " is missing; every row needs all "
                    + endings.size()
                    + " endings");
          }
          ends.add(e);
        }
        String s1 = field(rec, sent1, "sent1", where);
        String s2 = sent2 < rec.size() ? rec.get(sent2) : "";
        int y = -1;
        if (label != null) {
          String l = label < rec.size() ? rec.get(label).strip() : "";
          try {
            y = Integer.parseInt(l);
          } catch (NumberFormatException e) {
            throw new BadInputException(
                where + ": label '" + l + "' is not an ending index 0.." + (endings.size() - 1));
          }
          if (y < 0 || y >= endings.size()) {
            throw new BadInputException(
                where + ": label " + y + " is not an ending index 0.." + (endings.size() - 1));
          }
        }
        out.add(new MultipleChoiceExample(s1, s2, ends, y, where));
      }
    }
    if (out.isEmpty()) {
      throw new BadInputException(file + ": no rows");
    }
    return out;
  }

  /** One JSON object per line: {@code sent1, sent2, ending0..endingN-1 or endings, label}. */
  static List<MultipleChoiceExample> readJsonLines(Path file) throws IOException {
    List<MultipleChoiceExample> out = new ArrayList<>();
    try {
      JsonLines.forEach(
          file,
          (o, where) ->
              out.add(example(o, where, out.isEmpty() ? -1 : out.get(0).endings().size())));
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new BadInputException(file + ": not valid UTF-8; save it as UTF-8");
    }
    if (out.isEmpty()) {
      throw new BadInputException(file + ": no rows");
    }
    return out;
  }

  /**
   * One JSON object's example ({@code sent1, sent2, ending0..endingN-1 or endings, label}), each
   * error naming {@code where}; {@code predict} reads lines of standard input with it.
   */
  public static MultipleChoiceExample example(com.google.gson.JsonObject o, String where) {
    return example(o, where, -1);
  }

  /** One JSON line's example; {@code expected} is the earlier lines' number of endings or -1. */
  private static MultipleChoiceExample example(
      com.google.gson.JsonObject o, String where, int expected) {
    List<String> ends = new ArrayList<>();
    if (o.has("endings")) {
      if (!o.get("endings").isJsonArray()) {
        throw new BadInputException(where + ": \"endings\" must be an array of strings");
      }
      for (com.google.gson.JsonElement e : o.getAsJsonArray("endings")) {
        ends.add(text(e, "endings[" + ends.size() + "]", where));
      }
    } else {
      while (o.has("ending" + ends.size())) {
        ends.add(text(o.get("ending" + ends.size()), "ending" + ends.size(), where));
      }
    }
    if (ends.size() < 2) {
      throw new BadInputException(
          where + ": needs keys ending0, ending1, ... (at least two endings); found " + o.keySet());
    }
    if (expected >= 0 && ends.size() != expected) {
      throw new BadInputException(
          where + ": " + ends.size() + " endings, but earlier lines have " + expected);
    }
    for (int k = 0; k < ends.size(); k++) {
      if (ends.get(k).isBlank()) {
        throw new BadInputException(where + ": ending" + k + " is empty");
      }
    }
    String s1 = o.has("sent1") ? text(o.get("sent1"), "sent1", where) : "";
    if (s1.isBlank()) {
      throw new BadInputException(where + ": sent1 is missing or empty");
    }
    String s2 = o.has("sent2") ? text(o.get("sent2"), "sent2", where) : "";
    int y = -1;
    if (o.has("label") && !o.get("label").isJsonNull()) {
      com.google.gson.JsonElement l = o.get("label");
      try {
        y = Integer.parseInt(l.getAsString().strip());
      } catch (RuntimeException e) {
        throw new BadInputException(
            where + ": label " + l + " is not an ending index 0.." + (ends.size() - 1));
      }
      if (y < 0 || y >= ends.size()) {
        throw new BadInputException(
            where + ": label " + y + " is not an ending index 0.." + (ends.size() - 1));
      }
    }
    return new MultipleChoiceExample(s1, s2, ends, y, where);
  }

  private static String text(com.google.gson.JsonElement e, String key, String where) {
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new BadInputException(where + ": \"" + key + "\" must be a string, got " + e);
    }
    return e.getAsString();
  }

  private static String field(CSVRecord rec, int col, String name, String where) {
    String v = col < rec.size() ? rec.get(col) : "";
    if (v.isBlank()) {
      throw new BadInputException(where + ": " + name + " is empty");
    }
    return v;
  }
}
