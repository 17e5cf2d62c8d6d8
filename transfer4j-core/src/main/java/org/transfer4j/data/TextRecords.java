package org.transfer4j.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
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
 * The formats and messages are those of {@link ClassificationReader}; errors name the file and
 * line.
 *
 * <pre>{@code
 * try (TextRecords r = TextRecords.open(Path.of("test.csv"), "text")) {
 *   while (r.hasNext()) { String t = r.next(); ... }
 * }
 * }</pre>
 */
public final class TextRecords implements Iterator<String>, Closeable {
  /** The column or key read when none is given. */
  public static final String DEFAULT_COLUMN = "text";

  private enum Format {
    LINES,
    CSV,
    JSONL
  }

  private final Path file;
  private final Format format;
  private final String column;
  private final BufferedReader reader;
  private final CSVParser csv;
  private final Iterator<CSVRecord> records;
  private final int csvColumn;
  private final int csvWidth;
  private final String header;
  private long line;
  private String next;

  private TextRecords(Path file, Format format, String column, char delimiter) throws IOException {
    this.file = file;
    this.format = format;
    this.column = column;
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
      csvWidth = 0;
      header = null;
    }
  }

  /**
   * Opens {@code file}; {@code column} (null for {@value #DEFAULT_COLUMN}) names the CSV/TSV column
   * or JSONL key and must be null for plain text.
   */
  public static TextRecords open(Path file, String column) throws IOException {
    ClassificationReader.requireFile(file);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String col = column == null ? DEFAULT_COLUMN : column;
    if (name.endsWith(".csv")) {
      return new TextRecords(file, Format.CSV, col, ',');
    } else if (name.endsWith(".tsv")) {
      return new TextRecords(file, Format.CSV, col, '\t');
    } else if (name.endsWith(".jsonl")) {
      return new TextRecords(file, Format.JSONL, col, ',');
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
    return new TextRecords(file, Format.LINES, col, ',');
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
    next = null;
    return t;
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

  private String jsonText(String l) {
    JsonElement e;
    try {
      e = JsonParser.parseString(l);
    } catch (JsonParseException ex) {
      throw new BadInputException(where() + ": not valid JSON: " + ex.getMessage(), ex);
    }
    if (!e.isJsonObject()) {
      throw new BadInputException(where() + ": $ must be a JSON object");
    }
    JsonElement v = e.getAsJsonObject().get(column);
    if (v == null || v.isJsonNull()) {
      throw new BadInputException(
          where()
              + ": $."
              + column
              + " is missing; keys found: "
              + String.join(", ", e.getAsJsonObject().keySet())
              + " (choose one with --column)");
    }
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
      throw new BadInputException(where() + ": $." + column + " must be a string, got " + v);
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
