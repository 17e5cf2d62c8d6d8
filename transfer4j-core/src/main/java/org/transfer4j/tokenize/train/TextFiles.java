package org.transfer4j.tokenize.train;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.transfer4j.BadInputException;

/**
 * Streams the texts of training and statistics inputs: files of one text per line (what Hugging
 * Face's {@code train(files)} reads) or, with a column name, one text per CSV record. Folders are
 * walked (hidden files skipped, sorted order). Nothing is held in memory but the current line.
 *
 * <pre>{@code
 * List<Path> files = TextFiles.expand(List.of(Path.of("corpus/")));
 * TextFiles.forEach(files, null, line -> count(line), Progress.none());
 * }</pre>
 */
public final class TextFiles {
  private TextFiles() {}

  /**
   * The regular files of {@code inputs}, folders replaced by the files under them.
   *
   * @throws BadInputException naming an input that does not exist, or when there is no file
   */
  public static List<Path> expand(List<Path> inputs) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : inputs) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(Files::isRegularFile)
              .filter(f -> !isHidden(p.relativize(f)))
              .sorted()
              .forEach(files::add);
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        throw new BadInputException(
            "input file " + p + " does not exist; give text files (one text per line) or folders");
      }
    }
    if (files.isEmpty()) {
      throw new BadInputException(
          "no input files: " + inputs + " holds no regular file; give text files or folders");
    }
    return files;
  }

  private static boolean isHidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** Total size in bytes (for a progress bar). */
  public static long size(List<Path> files) throws IOException {
    long n = 0;
    for (Path f : files) {
      n += Files.size(f);
    }
    return n;
  }

  /**
   * Gives every text of {@code files} to {@code sink}, in order: each line, or with {@code
   * csvColumn} the column of each CSV record (the first record is the header). Malformed UTF-8 is
   * replaced by U+FFFD. {@code progress} advances by the bytes read.
   *
   * @throws BadInputException when a CSV file has no column {@code csvColumn}
   */
  public static void forEach(
      List<Path> files, String csvColumn, Consumer<String> sink, Progress progress)
      throws IOException {
    for (Path f : files) {
      try (InputStream raw = new Counting(Files.newInputStream(f), progress);
          Reader r = new InputStreamReader(raw, StandardCharsets.UTF_8)) {
        if (csvColumn == null) {
          BufferedReader br = new BufferedReader(r, 1 << 16);
          for (String line = br.readLine(); line != null; line = br.readLine()) {
            sink.accept(line);
          }
        } else {
          readCsv(f, r, csvColumn, sink);
        }
      } catch (UncheckedIOException e) {
        throw new BadInputException("cannot read " + f + ": " + e.getCause().getMessage(), e);
      }
    }
  }

  private static void readCsv(Path f, Reader r, String column, Consumer<String> sink)
      throws IOException {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
    try (CSVParser parser = CSVParser.parse(r, format)) {
      Integer index = parser.getHeaderMap().get(column);
      if (index == null) {
        throw new BadInputException(
            "CSV file "
                + f
                + " has no column '"
                + column
                + "' (header: "
                + parser.getHeaderNames()
                + "); pass one of these to --column");
      }
      for (CSVRecord rec : parser) {
        if (index < rec.size()) {
          sink.accept(rec.get(index));
        }
      }
    }
  }

  /** Counts the bytes read into a progress bar. */
  private static final class Counting extends FilterInputStream {
    private final Progress progress;

    Counting(InputStream in, Progress progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        progress.advance(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        progress.advance(n);
      }
      return n;
    }
  }
}
