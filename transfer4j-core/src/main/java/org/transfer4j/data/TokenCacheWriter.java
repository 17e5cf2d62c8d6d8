package org.transfer4j.data;

import com.google.gson.GsonBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.transfer4j.BadInputException;

/**
 * Tokenizes a corpus once into a token cache folder: {@code tokens.i32} (all ids, int32
 * little-endian), {@code offsets.i64} (lines + 1 int64 starts, little-endian) and {@code meta.json}
 * ({@link TokenCacheMeta}). Lines are streamed in chunks and tokenized on all cores with a bounded
 * number of chunks in flight, so memory stays constant whatever the corpus size. Files are written
 * under {@code .partial} names and moved into place, {@code meta.json} last: a cache without {@code
 * meta.json} is incomplete and is never read.
 *
 * <pre>{@code
 * TokenCacheMeta meta = TokenCacheWriter.write(cacheDir, List.of(corpusDir), encoder, fingerprint, 0);
 * }</pre>
 */
public final class TokenCacheWriter {
  static final String TOKENS = "tokens.i32";
  static final String OFFSETS = "offsets.i64";
  static final String META = "meta.json";
  private static final int CHUNK_LINES = 2048;
  private static final int BUFFER_BYTES = 1 << 20;

  private TokenCacheWriter() {}

  /**
   * Builds the cache.
   *
   * @param dir the cache folder (created; an old cache there is replaced)
   * @param inputs text files and folders (walked recursively, sorted, hidden files skipped)
   * @param encoder text to ids without specials
   * @param fingerprint identifies the tokenizer (stored, checked by {@link TokenCache#open(Path,
   *     String)})
   * @param threads worker threads; 0 for all cores
   */
  public static TokenCacheMeta write(
      Path dir, List<Path> inputs, TokenEncoder encoder, String fingerprint, int threads)
      throws IOException {
    List<Path> files = listFiles(inputs);
    int nThreads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    Files.createDirectories(dir);
    Path tokensPartial = dir.resolve(TOKENS + ".partial");
    Path offsetsPartial = dir.resolve(OFFSETS + ".partial");
    Counts counts = new Counts();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            nThreads,
            r -> {
              Thread t = new Thread(r, "token-cache");
              t.setDaemon(true);
              return t;
            });
    try (FileChannel tok = open(tokensPartial);
        FileChannel off = open(offsetsPartial)) {
      Sink sink = new Sink(tok, off);
      sink.offset(0);
      ArrayDeque<Future<int[][]>> inFlight = new ArrayDeque<>();
      for (Path file : files) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          List<String> chunk = new ArrayList<>(CHUNK_LINES);
          long lineNo = 0;
          String line;
          while (true) {
            try {
              line = r.readLine();
            } catch (CharacterCodingException e) {
              throw new BadInputException(
                  file + ":" + (lineNo + 1) + ": not valid UTF-8; convert the corpus to UTF-8");
            }
            if (line == null) {
              break;
            }
            lineNo++;
            chunk.add(line);
            if (chunk.size() == CHUNK_LINES) {
              submit(pool, inFlight, chunk, encoder, file, lineNo - chunk.size() + 1);
              chunk = new ArrayList<>(CHUNK_LINES);
              // Bounded pipeline: at most 2 chunks per worker are held in memory.
              while (inFlight.size() >= 2 * nThreads) {
                drain(inFlight.poll(), sink, counts);
              }
            }
          }
          if (!chunk.isEmpty()) {
            submit(pool, inFlight, chunk, encoder, file, lineNo - chunk.size() + 1);
          }
        }
      }
      while (!inFlight.isEmpty()) {
        drain(inFlight.poll(), sink, counts);
      }
      sink.flush();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tokensPartial);
      Files.deleteIfExists(offsetsPartial);
      throw e;
    } finally {
      pool.shutdownNow();
    }
    if (counts.lines == 0) {
      Files.deleteIfExists(tokensPartial);
      Files.deleteIfExists(offsetsPartial);
      throw new BadInputException(
          "the corpus "
              + inputs
              + " has no non-empty lines ("
              + files.size()
              + " file(s), "
              + counts.skipped
              + " blank line(s)): give text files with one document or sentence per line");
    }
    TokenCacheMeta meta =
        new TokenCacheMeta(
            TokenCacheMeta.FORMAT,
            TokenCacheMeta.VERSION,
            fingerprint,
            counts.lines,
            counts.tokens,
            counts.skipped,
            counts.maxLength,
            sources(files));
    Path metaFile = dir.resolve(META);
    Files.deleteIfExists(metaFile); // invalidate the old cache before replacing its files
    Files.move(tokensPartial, dir.resolve(TOKENS), StandardCopyOption.REPLACE_EXISTING);
    Files.move(offsetsPartial, dir.resolve(OFFSETS), StandardCopyOption.REPLACE_EXISTING);
    Path metaTmp = dir.resolve(META + ".partial");
    Files.writeString(
        metaTmp,
        new GsonBuilder().setPrettyPrinting().create().toJson(meta),
        StandardCharsets.UTF_8);
    Files.move(metaTmp, metaFile, StandardCopyOption.ATOMIC_MOVE);
    return meta;
  }

  /** The regular files under {@code inputs}, folders walked recursively in sorted order. */
  static List<Path> listFiles(List<Path> inputs) throws IOException {
    if (inputs.isEmpty()) {
      throw new BadInputException("no corpus given: pass at least one text file or folder");
    }
    List<Path> files = new ArrayList<>();
    for (Path in : inputs) {
      if (Files.isDirectory(in)) {
        try (Stream<Path> s = Files.walk(in)) {
          s.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .sorted()
              .forEach(files::add);
        }
      } else if (Files.isRegularFile(in)) {
        files.add(in);
      } else {
        throw new BadInputException(
            "corpus path " + in + " does not exist: give a text file or a folder of text files");
      }
    }
    return files;
  }

  static List<String> sources(List<Path> files) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      out.add(
          f.toAbsolutePath().normalize()
              + "\t"
              + Files.size(f)
              + "\t"
              + Files.getLastModifiedTime(f).toMillis());
    }
    return out;
  }

  private static FileChannel open(Path p) throws IOException {
    return FileChannel.open(
        p,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
  }

  private static void submit(
      ExecutorService pool,
      ArrayDeque<Future<int[][]>> inFlight,
      List<String> chunk,
      TokenEncoder encoder,
      Path file,
      long firstLine) {
    inFlight.add(
        pool.submit(
            () -> {
              int[][] out = new int[chunk.size()][];
              for (int i = 0; i < out.length; i++) {
                String line = chunk.get(i);
                if (line.isBlank()) {
                  continue;
                }
                try {
                  out[i] = encoder.encode(line);
                } catch (RuntimeException e) {
                  throw new BadInputException(
                      file + ":" + (firstLine + i) + ": cannot tokenize: " + e.getMessage(), e);
                }
              }
              return out;
            }));
  }

  private static void drain(Future<int[][]> f, Sink sink, Counts counts) throws IOException {
    int[][] lines;
    try {
      lines = f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while building the token cache", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new UncheckedIOException(new IOException(e.getCause()));
    }
    for (int[] ids : lines) {
      if (ids == null || ids.length == 0) {
        counts.skipped++;
        continue;
      }
      for (int id : ids) {
        sink.token(id);
      }
      counts.tokens += ids.length;
      counts.lines++;
      counts.maxLength = Math.max(counts.maxLength, ids.length);
      sink.offset(counts.tokens);
    }
  }

  private static final class Counts {
    long lines;
    long tokens;
    long skipped;
    int maxLength;
  }

  /** Little-endian buffered writes to the two channels. */
  private static final class Sink {
    private final FileChannel tok;
    private final FileChannel off;
    private final ByteBuffer tokBuf =
        ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer offBuf =
        ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    Sink(FileChannel tok, FileChannel off) {
      this.tok = tok;
      this.off = off;
    }

    void token(int id) throws IOException {
      if (tokBuf.remaining() < 4) {
        write(tok, tokBuf);
      }
      tokBuf.putInt(id);
    }

    void offset(long start) throws IOException {
      if (offBuf.remaining() < 8) {
        write(off, offBuf);
      }
      offBuf.putLong(start);
    }

    void flush() throws IOException {
      write(tok, tokBuf);
      write(off, offBuf);
      tok.force(false);
      off.force(false);
    }

    private static void write(FileChannel ch, ByteBuffer b) throws IOException {
      b.flip();
      while (b.hasRemaining()) {
        ch.write(b);
      }
      b.clear();
    }
  }
}
