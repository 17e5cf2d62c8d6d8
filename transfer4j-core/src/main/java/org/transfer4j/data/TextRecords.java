package org.transfer4j.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
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
 * Streams the texts of a file one at a time, so a million-line input never sits in memory: {@code
 * .csv} (RFC 4180, header row) and {@code .tsv} (header row, no quoting) give one column, {@code
 * .jsonl} one key of each object (both default {@code text}), any other file its non-blank lines.
 * An optional label column or key (CSV/TSV/JSONL only) is read alongside, as an index stores it.
 * The formats and messages are those of {@link ClassificationReader}; errors name the file and
 * line.
 *
 * <pre>{@code
 * try (TextRecords r = TextRecords.open(Path.of("test.csv"), "text")) {
 *   while (r.hasNext()) { String t = r.next(); ... }
 * }
 * try (TextRecords r = TextRecords.open(Path.of("train.csv"), "text", "category")) {
 *   while (r.hasNext()) { TextRecords.Row row = r.nextRow(); ... }
 * }
 * }</pre>
 */
public final class TextRecords implements Iterator<String>, Closeable {
  /** The column or key read when none is given. */
  public static final String DEFAULT_COLUMN = "text";

  /**
   * One text with its label.
   *
   * @param text the text
   * @param label its label (stripped), or null when no label column was asked for
   * @param source file and line, for messages
   */
  public record Row(String text, String label, String source) {}

  private enum Format {
    LINES,
    CSV,
    JSONL
  }

  private final Path file;
  private final Format format;
  private final String column;
  private final String labelColumn;
  private final BufferedReader reader;
  private final CSVParser csv;
  private final Iterator<CSVRecord> records;
  private final int csvColumn;
  private final int csvLabel;
  private final int csvWidth;
  private final String header;
  private long line;
  private String next;
  private String nextLabel;
  private String label;

  private TextRecords(Path file, Format format, String column, String labelColumn, char delimiter)
      throws IOException {
    this.file = file;
    this.format = format;
    this.column = column;
    this.labelColumn = labelColumn;
    var dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    this.reader =
        new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), dec), 1 << 16);
    if (format == Format.CSV) {
      CSVFormat.Builder b =
          CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true);
      if (delimiter == '\t') {
        b.setQuote(null);
      }
      try {
        csv = CSVParser.builder().setReader(reader).setFormat(b.get()).get();
      } catch (IOException | IllegalArgumentException e) {
        reader.close();
        throw new BadInputException(file + ":1: cannot read the header row: " + e.getMessage(), e);
      }
      Map<String, Integer> h = csv.getHeaderMap();
      if (h == null || h.isEmpty()) {
        reader.close();
        throw new BadInputException(
            file + ": empty file; expected a header row naming the '" + column + "' column");
      }
      try {
        csvColumn = ClassificationReader.column(file, h, column, "text");
        csvLabel =
            labelColumn == null ? -1 : ClassificationReader.column(file, h, labelColumn, "label");
      } catch (BadInputException e) {
        reader.close();
        throw e;
      }
      csvWidth = h.size();
      header = String.join(", ", h.keySet());
      records = csv.iterator();
    } else {
      csv = null;
      records = null;
      csvColumn = -1;
      csvLabel = -1;
      csvWidth = 0;
      header = null;
    }
  }

  /**
   * Opens {@code file}; {@code column} (null for {@value #DEFAULT_COLUMN}) names the CSV/TSV column
   * or JSONL key and must be null for plain text.
   */
  public static TextRecords open(Path file, String column) throws IOException {
    return open(file, column, null);
  }

  /**
   * Opens {@code file} as {@link #open(Path, String)} does, also reading {@code labelColumn} (null
   * for none; plain text has no labels) for {@link #nextRow()}.
   */
  public static TextRecords open(Path file, String column, String labelColumn) throws IOException {
    ClassificationReader.requireFile(file);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String col = column == null ? DEFAULT_COLUMN : column;
    if (name.endsWith(".csv")) {
      return new TextRecords(file, Format.CSV, col, labelColumn, ',');
    } else if (name.endsWith(".tsv")) {
      return new TextRecords(file, Format.CSV, col, labelColumn, '\t');
    } else if (name.endsWith(".jsonl")) {
      return new TextRecords(file, Format.JSONL, col, labelColumn, ',');
    }
    if (labelColumn != null) {
      throw new BadInputException(
          file
              + ": plain text has one text per line and no columns; for labels use a .csv, .tsv"
              + " or .jsonl file");
    }
    if (column != null) {
      throw new BadInputException(
          "--column "
              + column
              + ": "
              + file
              + " is read as plain text (one text per line); columns apply to .csv, .tsv and"
              + " .jsonl files");
    }
    return new TextRecords(file, Format.LINES, col, null, ',');
  }

  /** Whether {@code file} is read as plain text lines (no columns), by its extension. */
  public static boolean isPlainText(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return !(name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".jsonl"));
  }

  /** {@code file:line} of the text last returned. */
  public String where() {
    return file + ":" + line;
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      try {
        next = read();
      } catch (IOException e) {
        throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
      }
    }
    return next != null;
  }

  @Override
  public String next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    String t = next;
    label = nextLabel;
    next = null;
    nextLabel = null;
    return t;
  }

  /** The next text with its label and {@code file:line}. */
  public Row nextRow() {
    String t = next();
    return new Row(t, label, where());
  }

  private String read() throws IOException {
    if (format == Format.CSV) {
      CSVRecord rec = ClassificationReader.nextRecord(file, csv, records);
      if (rec == null) {
        return null;
      }
      line = csv.getCurrentLineNumber();
      if (rec.size() != csvWidth) {
        throw new BadInputException(
            where()
                + ": "
                + rec.size()
                + " fields but the header has "
                + csvWidth
                + " ("
                + header
                + "); quote fields that contain the delimiter");
      }
      String t = rec.get(csvColumn);
      if (t.isBlank()) {
        throw new BadInputException(where() + ": column '" + column + "' is empty");
      }
      nextLabel = csvLabel < 0 ? null : label(rec.get(csvLabel));
      return t;
    }
    String l;
    while ((l = reader.readLine()) != null) {
      line++;
      if (l.isBlank()) {
        continue;
      }
      if (format == Format.LINES) {
        return l.strip();
      }
      return jsonText(l);
    }
    return null;
  }

  private String label(String l) {
    if (l.isBlank()) {
      throw new BadInputException(where() + ": label column '" + labelColumn + "' is empty");
    }
    return l.strip();
  }

  private String jsonText(String l) {
    JsonObject o = JsonLines.object(l, where());
    JsonElement v = o.get(column);
    if (v == null || v.isJsonNull()) {
      throw new BadInputException(
          where()
              + ": $."
              + column
              + " is missing; keys found: "
              + String.join(", ", o.keySet())
              + " (choose one with --column)");
    }
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
      throw new BadInputException(where() + ": $." + column + " must be a string, got " + v);
    }
    if (labelColumn != null) {
      JsonElement lv = o.get(labelColumn);
      if (lv == null || lv.isJsonNull()) {
        throw new BadInputException(
            where()
                + ": $."
                + labelColumn
                + " is missing; keys found: "
                + String.join(", ", o.keySet()));
      }
      if (!lv.isJsonPrimitive()) {
        throw new BadInputException(
            where() + ": $." + labelColumn + " must be a string or number, got " + lv);
      }
      nextLabel = label(lv.getAsString());
    }
    return v.getAsString();
  }

  @Override
  public void close() throws IOException {
    if (csv != null) {
      csv.close();
    }
    reader.close();
  }
}
