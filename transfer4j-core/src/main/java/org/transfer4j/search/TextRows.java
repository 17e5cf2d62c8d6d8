package org.transfer4j.search;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.transfer4j.BadInputException;

/**
 * The texts (and optional labels) of a file to index, read one row at a time so an index of a
 * million lines never holds its input in memory. The format follows the extension: {@code .csv}
 * (header row), {@code .tsv} (header row, no quoting), {@code .jsonl} (one object per line) with
 * the text and label taken from the named column or key, and anything else as plain text, one text
 * per line (blank lines skipped, no labels). Errors name the file and line.
 *
 * <pre>{@code
 * try (TextRows rows = TextRows.open(Path.of("train.csv"), "text", "category")) {
 *   while (rows.hasNext()) { TextRows.Row r = rows.next(); ... }
 * }
 * }</pre>
 */
public final class TextRows implements Iterator<TextRows.Row>, Closeable {
  /**
   * One input row.
   *
   * @param text the text
   * @param label its label, or null when no label column was asked for
   * @param source file and line, for messages
   */
  public record Row(String text, String label, String source) {}

  private final Path file;
  private final String textColumn;
  private final String labelColumn;
  private final BufferedReader reader;
  private final CSVParser csv;
  private final Iterator<CSVRecord> records;
  private final int textIndex;
  private final int labelIndex;
  private final int fields;
  private final boolean jsonl;
  private int lineNumber;
  private Row next;

  private TextRows(Path file, String textColumn, String labelColumn) throws IOException {
    this.file = file;
    this.textColumn = textColumn;
    this.labelColumn = labelColumn;
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file + ": no such file");
    }
    this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    this.jsonl = name.endsWith(".jsonl");
    boolean tsv = name.endsWith(".tsv");
    if (name.endsWith(".csv") || tsv) {
      CSVFormat.Builder b =
          CSVFormat.DEFAULT
              .builder()
              .setDelimiter(tsv ? '\t' : ',')
              .setHeader()
              .setSkipHeaderRecord(true);
      if (tsv) {
        b.setQuote(null);
      }
      this.csv = CSVParser.builder().setReader(reader).setFormat(b.get()).get();
      Map<String, Integer> header = csv.getHeaderMap();
      this.textIndex = column(header, textColumn, "--text-column");
      this.labelIndex = labelColumn == null ? -1 : column(header, labelColumn, "--label-column");
      this.fields = header.size();
      this.records = csv.iterator();
    } else {
      if (!jsonl && labelColumn != null) {
        throw new BadInputException(
            file
                + ": plain text has one text per line and no columns; for labels use a .csv, .tsv"
                + " or .jsonl file");
      }
      this.csv = null;
      this.records = null;
      this.textIndex = -1;
      this.labelIndex = -1;
      this.fields = 0;
    }
  }

  /**
   * Opens {@code file}.
   *
   * @param textColumn the CSV/TSV column or JSONL key of the text (ignored for plain text)
   * @param labelColumn the column or key of the label, or null for none
   */
  public static TextRows open(Path file, String textColumn, String labelColumn) throws IOException {
    return new TextRows(file, textColumn, labelColumn);
  }

  /** Whether the file is read as plain text lines (no text column). */
  public static boolean isPlainText(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return !(name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".jsonl"));
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      try {
        next = read();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return next != null;
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Row r = next;
    next = null;
    return r;
  }

  private Row read() throws IOException {
    if (csv != null) {
      CSVRecord rec;
      try {
        if (!records.hasNext()) {
          return null;
        }
        rec = records.next();
      } catch (UncheckedIOException | IllegalStateException e) {
        throw new BadInputException(
            file + ":" + (csv.getCurrentLineNumber() + 1) + ": malformed CSV: " + e.getMessage(),
            e);
      }
      String where = file + ":" + csv.getCurrentLineNumber();
      if (rec.size() != fields) {
        throw new BadInputException(
            where
                + ": "
                + rec.size()
                + " fields but the header has "
                + fields
                + "; quote fields that contain the delimiter");
      }
      return row(rec.get(textIndex), labelIndex < 0 ? null : rec.get(labelIndex), where);
    }
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String where = file + ":" + lineNumber;
      if (!jsonl) {
        return new Row(line.strip(), null, where);
      }
      JsonElement e;
      try {
        e = JsonParser.parseString(line);
      } catch (JsonParseException ex) {
        throw new BadInputException(where + ": not valid JSON: " + ex.getMessage(), ex);
      }
      if (!e.isJsonObject()) {
        throw new BadInputException(where + ": $ must be a JSON object");
      }
      JsonObject o = e.getAsJsonObject();
      return row(
          string(o, textColumn, where),
          labelColumn == null ? null : string(o, labelColumn, where),
          where);
    }
    return null;
  }

  private Row row(String text, String label, String where) {
    if (text.isBlank()) {
      throw new BadInputException(where + ": column '" + textColumn + "' is empty");
    }
    if (label != null && label.isBlank()) {
      throw new BadInputException(where + ": label column '" + labelColumn + "' is empty");
    }
    return new Row(text, label == null ? null : label.strip(), where);
  }

  private static String string(JsonObject o, String key, String where) {
    JsonElement v = o.get(key);
    if (v == null || v.isJsonNull()) {
      throw new BadInputException(
          where + ": $." + key + " is missing; keys found: " + String.join(", ", o.keySet()));
    }
    if (!v.isJsonPrimitive()) {
      throw new BadInputException(where + ": $." + key + " must be a string or number, got " + v);
    }
    return v.getAsString();
  }

  private int column(Map<String, Integer> header, String name, String option) {
    Integer i = header.get(name);
    if (i == null) {
      throw new BadInputException(
          file
              + ": no column '"
              + name
              + "'; the columns are: "
              + String.join(", ", header.keySet())
              + " (choose one with "
              + option
              + ")");
    }
    return i;
  }

  @Override
  public void close() throws IOException {
    if (csv != null) {
      csv.close();
    }
    reader.close();
  }
}
