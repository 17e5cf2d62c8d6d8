package org.transfer4j.data;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.transfer4j.BadInputException;

/**
 * A tokenized corpus on disk, memory-mapped: line {@code i} holds the ids {@code tokens[offsets[i]
 * .. offsets[i+1])}. The Java heap does not grow with the corpus (the OS pages the files in); files
 * over 2 GiB are mapped in several segments. Written by {@link TokenCacheWriter}.
 *
 * <pre>{@code
 * try (TokenCache cache = TokenCache.openOrBuild(dir, List.of(corpus), encoder, fingerprint, 0)) {
 *   int[] first = cache.line(0);
 * }
 * }</pre>
 */
public final class TokenCache implements AutoCloseable {
  private final Path dir;
  private final TokenCacheMeta meta;
  private final MappedArray tokens;
  private final MappedArray offsets;

  private TokenCache(Path dir, TokenCacheMeta meta, MappedArray tokens, MappedArray offsets) {
    this.dir = dir;
    this.meta = meta;
    this.tokens = tokens;
    this.offsets = offsets;
  }

  /** Opens a cache folder, any tokenizer. */
  public static TokenCache open(Path dir) throws IOException {
    return open(dir, null, MappedArray.DEFAULT_SEGMENT_BYTES);
  }

  /**
   * Opens a cache folder made with the tokenizer {@code expectedFingerprint}; a different one is a
   * {@link BadInputException}.
   */
  public static TokenCache open(Path dir, String expectedFingerprint) throws IOException {
    return open(dir, expectedFingerprint, MappedArray.DEFAULT_SEGMENT_BYTES);
  }

  static TokenCache open(Path dir, String expectedFingerprint, long segmentBytes)
      throws IOException {
    TokenCacheMeta meta = readMeta(dir);
    if (meta == null) {
      throw new BadInputException(
          "token cache "
              + dir
              + " is missing or incomplete (no "
              + TokenCacheWriter.META
              + "): build it again");
    }
    if (expectedFingerprint != null && !expectedFingerprint.equals(meta.tokenizer())) {
      throw new BadInputException(
          "token cache "
              + dir
              + " was made with tokenizer "
              + meta.tokenizer()
              + ", not "
              + expectedFingerprint
              + ": delete it or point to another cache folder");
    }
    MappedArray tok = MappedArray.ints(dir.resolve(TokenCacheWriter.TOKENS), segmentBytes);
    MappedArray off = MappedArray.longs(dir.resolve(TokenCacheWriter.OFFSETS), segmentBytes);
    if (tok.length() != meta.tokens()
        || off.length() != meta.lines() + 1
        || off.getLong(meta.lines()) != meta.tokens()) {
      throw new BadInputException(
          "token cache "
              + dir
              + " does not match its meta.json ("
              + tok.length()
              + " tokens and "
              + (off.length() - 1)
              + " lines on disk, "
              + meta.tokens()
              + " and "
              + meta.lines()
              + " recorded): delete it to rebuild");
    }
    return new TokenCache(dir, meta, tok, off);
  }

  /**
   * Opens the cache when it was built from the same files (path, size, modification time) with the
   * same tokenizer, else (re)builds it.
   */
  public static TokenCache openOrBuild(
      Path dir, List<Path> inputs, TokenEncoder encoder, String fingerprint, int threads)
      throws IOException {
    TokenCacheMeta meta = readMeta(dir);
    if (meta != null
        && fingerprint.equals(meta.tokenizer())
        && meta.sources().equals(TokenCacheWriter.sources(TokenCacheWriter.listFiles(inputs)))) {
      return open(dir, fingerprint);
    }
    TokenCacheWriter.write(dir, inputs, encoder, fingerprint, threads);
    return open(dir, fingerprint);
  }

  /** SHA-256 (hex) of some bytes, e.g. the {@code tokenizer.json}: a tokenizer fingerprint. */
  public static String fingerprint(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TokenCacheMeta readMeta(Path dir) throws IOException {
    Path f = dir.resolve(TokenCacheWriter.META);
    if (!Files.isRegularFile(f)) {
      return null;
    }
    TokenCacheMeta meta;
    try {
      meta = new Gson().fromJson(Files.readString(f, StandardCharsets.UTF_8), TokenCacheMeta.class);
    } catch (JsonParseException e) {
      throw new BadInputException(
          f + ": not valid JSON (" + e.getMessage() + "); delete the cache");
    }
    if (meta == null || !TokenCacheMeta.FORMAT.equals(meta.format())) {
      throw new BadInputException(f + ": not a transfer4j token cache (format field)");
    }
    if (meta.version() != TokenCacheMeta.VERSION) {
      throw new BadInputException(
          f + ": cache layout version " + meta.version() + " unsupported; delete it to rebuild");
    }
    return meta;
  }

  public Path dir() {
    return dir;
  }

  public TokenCacheMeta meta() {
    return meta;
  }

  /** The tokenizer fingerprint recorded at build time. */
  public String fingerprint() {
    return meta.tokenizer();
  }

  /** The number of lines. */
  public long lines() {
    return meta.lines();
  }

  /** The total number of tokens. */
  public long tokens() {
    return meta.tokens();
  }

  /** The number of tokens of {@code line}. */
  public int length(long line) {
    return (int) (offsets.getLong(line + 1) - offsets.getLong(line));
  }

  /** The ids of {@code line}. */
  public int[] line(long line) {
    int[] out = new int[length(line)];
    read(line, 0, out, 0, out.length);
    return out;
  }

  /**
   * Copies {@code len} ids of {@code line} starting at token {@code from} into {@code dst[off..]}.
   */
  public void read(long line, int from, int[] dst, int off, int len) {
    int n = length(line);
    if (from < 0 || len < 0 || from + len > n) {
      throw new IndexOutOfBoundsException(
          "tokens [" + from + ", " + (from + len) + ") outside line " + line + " of " + n);
    }
    tokens.getInts(offsets.getLong(line) + from, dst, off, len);
  }

  /** The distribution of line lengths (reads only the offsets). */
  public LengthHistogram lengthHistogram() {
    LengthHistogram h = new LengthHistogram();
    long prev = offsets.getLong(0);
    for (long i = 1; i <= meta.lines(); i++) {
      long next = offsets.getLong(i);
      h.add((int) (next - prev));
      prev = next;
    }
    return h;
  }

  /** Drops the mappings (the OS unmaps them when they are garbage collected). */
  @Override
  public void close() {
    // Java 17 has no supported explicit unmap; the channels were closed after mapping.
  }
}
