package org.transfer4j.vectors;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.transfer4j.BadInputException;

/**
 * Streams a vectors file into a {@link WordVectors}: one line (or one binary record) at a time, so
 * a 1M x 300 file needs the matrix (1.2 GB of floats) but never its text. Gensim's {@code
 * KeyedVectors.load_word2vec_format} is the reference for the formats; written by hand because no
 * JVM library reads them without holding the text or a whole-file buffer.
 *
 * <pre>{@code
 * WordVectors v = VectorsReader.read(Path.of("glove.6B.100d.txt.gz"), VectorsOptions.defaults());
 * }</pre>
 */
public final class VectorsReader {
  private VectorsReader() {}

  /** Reads a text or binary file, plain, {@code .gz} or the first entry of a {@code .zip}. */
  public static WordVectors read(Path file, VectorsOptions options) throws IOException {
    VectorsFormat format = VectorsFormat.guess(file);
    try (InputStream in = open(file)) {
      return format == VectorsFormat.BINARY
          ? readBinary(in, file, options)
          : readText(in, file, options);
    } catch (NoSuchFileException e) {
      throw new BadInputException(file + ": no such vectors file");
    }
  }

  private static InputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
    }
    if (name.endsWith(".zip")) {
      ZipInputStream zip = new ZipInputStream(raw, StandardCharsets.UTF_8);
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null && e.isDirectory()) {}
      if (e == null) {
        zip.close();
        throw new BadInputException(
            file + ": the zip archive has no file; it must hold a vectors file");
      }
      return new BufferedInputStream(zip, 1 << 16);
    }
    return raw;
  }

  static WordVectors readText(InputStream in, Path file, VectorsOptions o) throws IOException {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    Builder b = null;
    String line;
    long lineNo = 0;
    String[] parts = new String[0];
    while ((line = r.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      int n = split(line, parts);
      if (n > parts.length) {
        parts = new String[n];
        split(line, parts);
      }
      if (b == null) {
        if (n == 2 && isInt(parts[0]) && isInt(parts[1])) {
          int count = Integer.parseInt(parts[0]);
          int dim = Integer.parseInt(parts[1]);
          if (dim <= 0) {
            throw new BadInputException(file + ":1: the header says dimension " + dim);
          }
          b = new Builder(dim, o, count);
          continue;
        }
        if (n < 2) {
          throw new BadInputException(
              file + ":" + lineNo + ": expected a word and its numbers separated by spaces");
        }
        b = new Builder(n - 1, o, 0); // GloVe: no header, the first line gives the dimension
      }
      if (n < b.dim + 1) {
        throw new BadInputException(
            file
                + ":"
                + lineNo
                + ": expected a word and "
                + b.dim
                + " numbers, found "
                + (n - 1)
                + " fields after the word; every line must have the dimension of the first"
                + " (or of the header)");
      }
      // A few GloVe 840B words contain spaces: the numbers are the last dim fields.
      int wordFields = n - b.dim;
      String word =
          wordFields == 1 ? parts[0] : String.join(" ", Arrays.copyOfRange(parts, 0, wordFields));
      if (!b.wants(word)) {
        continue;
      }
      float[] v = b.scratch;
      for (int i = 0; i < b.dim; i++) {
        String s = parts[wordFields + i];
        try {
          v[i] = Float.parseFloat(s);
        } catch (NumberFormatException e) {
          throw new BadInputException(
              file + ":" + lineNo + ": '" + s + "' is not a number (field " + (i + 2) + ")");
        }
      }
      b.add(word);
      if (b.full()) {
        break;
      }
    }
    if (b == null) {
      throw new BadInputException(file + ": the vectors file is empty");
    }
    return b.build();
  }

  /** Splits on ASCII spaces and tabs into {@code out}; returns the field count (may exceed it). */
  private static int split(String line, String[] out) {
    int n = 0;
    int i = 0;
    int len = line.length();
    while (i < len) {
      while (i < len && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
        i++;
      }
      if (i >= len) {
        break;
      }
      int s = i;
      while (i < len && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
        i++;
      }
      if (n < out.length) {
        out[n] = line.substring(s, i);
      }
      n++;
    }
    return n;
  }

  private static boolean isInt(String s) {
    if (s.isEmpty() || s.length() > 10) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** fastText's model files ({@code .bin} of {@code fasttext skipgram}) start with this int32. */
  private static final int FASTTEXT_MAGIC = 793712314;

  static WordVectors readBinary(InputStream in, Path file, VectorsOptions o) throws IOException {
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (magic.length == 4
        && ByteBuffer.wrap(magic).order(ByteOrder.LITTLE_ENDIAN).getInt() == FASTTEXT_MAGIC) {
      throw new BadInputException(
          file
              + ": this is a fastText model, not word2vec vectors; use the .vec file fastText"
              + " wrote next to it");
    }
    String header = readToken(in, '\n', file, 0);
    String[] hd = header.trim().split(" +");
    if (hd.length != 2 || !isInt(hd[0]) || !isInt(hd[1]) || Integer.parseInt(hd[1]) <= 0) {
      throw new BadInputException(
          file + ": a word2vec binary file starts with 'count dim', found '" + header + "'");
    }
    int count = Integer.parseInt(hd[0]);
    Builder b = new Builder(Integer.parseInt(hd[1]), o, count);
    byte[] raw = new byte[4 * b.dim];
    ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; k < count && !b.full(); k++) {
      String word = readToken(in, ' ', file, k + 1).strip();
      int got = in.readNBytes(raw, 0, raw.length);
      if (got < raw.length) {
        throw new BadInputException(
            file
                + ": vector "
                + (k + 1)
                + " ('"
                + word
                + "') is cut short: the header promised "
                + count
                + " vectors of dimension "
                + b.dim);
      }
      if (b.wants(word)) {
        bb.rewind();
        bb.asFloatBuffer().get(b.scratch);
        b.add(word);
      }
    }
    return b.build();
  }

  /** Bytes up to {@code end} (not included) as UTF-8, skipping leading newlines between records. */
  private static String readToken(InputStream in, char end, Path file, int record)
      throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(32);
    int c;
    while ((c = in.read()) != -1) {
      if (c == end) {
        break;
      }
      if (c == '\n' && buf.size() == 0) {
        continue;
      }
      buf.write(c);
      if (buf.size() > 1 << 16) {
        throw new BadInputException(
            file
                + ": record "
                + record
                + " has no '"
                + (end == ' ' ? "space" : "newline")
                + "' in 64 KiB; is this a word2vec binary file?");
      }
    }
    if (c == -1 && buf.size() == 0) {
      throw new EOFException(file + ": unexpected end of file at record " + record);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  /** Grows the matrix as vectors arrive; row 0 is the zero padding vector. */
  private static final class Builder {
    final int dim;
    final float[] scratch;
    final VectorsOptions o;
    final Map<String, Integer> index = new HashMap<>();
    String[] words;
    float[] data;
    int rows = 1;
    long duplicates;

    Builder(int dim, VectorsOptions o, int expected) {
      this.dim = dim;
      this.o = o;
      this.scratch = new float[dim];
      int cap = o.maxWords() > 0 ? o.maxWords() : (expected > 0 ? expected : 1024);
      if (expected > 0) {
        cap = Math.min(cap, expected);
      }
      cap = Math.max(cap, 1) + 1;
      words = new String[cap];
      data = new float[Math.multiplyExact(cap, dim)];
      words[0] = "";
    }

    /** Whether the word is new (after lowercasing); a repeat is counted and skipped. */
    boolean wants(String word) {
      String w = o.lowercase() ? word.toLowerCase(Locale.ROOT) : word;
      if (index.containsKey(w)) {
        duplicates++;
        return false;
      }
      return true;
    }

    void add(String word) {
      String w = o.lowercase() ? word.toLowerCase(Locale.ROOT) : word;
      if (rows == words.length) {
        int cap = Math.toIntExact(Math.min((long) Integer.MAX_VALUE / dim, 2L * rows));
        if (cap <= rows) {
          throw new BadInputException("too many vectors for one matrix; use --max-words");
        }
        words = Arrays.copyOf(words, cap);
        data = Arrays.copyOf(data, cap * dim);
      }
      System.arraycopy(scratch, 0, data, rows * dim, dim);
      words[rows] = w;
      index.put(w, rows);
      rows++;
    }

    boolean full() {
      return o.maxWords() > 0 && rows - 1 >= o.maxWords();
    }

    WordVectors build() {
      return new WordVectors(
          Arrays.copyOf(words, rows),
          rows == words.length ? data : Arrays.copyOf(data, rows * dim),
          dim,
          index,
          duplicates);
    }
  }
}
