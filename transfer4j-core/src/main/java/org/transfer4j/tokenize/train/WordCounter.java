package org.transfer4j.tokenize.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Counts the words of a corpus for the trainers: every text goes through {@code splitter} (the
 * tokenizer's normalizer then pre-tokenizer) and each word is counted. The texts are streamed in
 * batches to one worker per core, each with its own table, so memory is bounded by the word-count
 * tables and never by the corpus.
 *
 * <pre>{@code
 * Function<String, List<String>> split = t -> pre.preTokenizeStr(norm.normalizeStr(t));
 * Map<String, Long> counts = WordCounter.countFiles(List.of(Path.of("corpus.txt")), null, split,
 *     Progress.toStderr());
 * }</pre>
 */
public final class WordCounter {
  private static final int BATCH = 512;

  private WordCounter() {}

  /** Counts the words of in-memory texts. */
  public static Map<String, Long> count(
      Iterable<String> texts, Function<String, List<String>> splitter) {
    try {
      return count(sink -> texts.forEach(sink), splitter);
    } catch (IOException e) {
      throw new IllegalStateException(e); // no I/O on in-memory texts
    }
  }

  /**
   * Counts the words of files or folders ({@link TextFiles}): lines, or a CSV column.
   *
   * @throws org.transfer4j.BadInputException naming a missing input or CSV column
   */
  public static Map<String, Long> countFiles(
      List<Path> inputs,
      String csvColumn,
      Function<String, List<String>> splitter,
      Progress progress)
      throws IOException {
    List<Path> files = TextFiles.expand(inputs);
    progress.start("Count words", TextFiles.size(files));
    Map<String, Long> counts =
        count(sink -> TextFiles.forEach(files, csvColumn, sink, progress), splitter);
    progress.finish();
    return counts;
  }

  /** A source of texts that may read files. */
  @FunctionalInterface
  public interface Source {
    void forEach(Consumer<String> sink) throws IOException;
  }

  /** Counts the words of the texts {@code source} produces, on all cores. */
  public static Map<String, Long> count(Source source, Function<String, List<String>> splitter)
      throws IOException {
    int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
    BlockingQueue<List<String>> queue = new ArrayBlockingQueue<>(2 * workers);
    List<String> poison = List.of();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "word-counter");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Map<String, long[]>>> results = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        results.add(pool.submit(() -> countBatches(queue, poison, splitter)));
      }
      List<String>[] batch = newBatch();
      source.forEach(
          text -> {
            batch[0].add(text);
            if (batch[0].size() == BATCH) {
              put(queue, batch[0], results);
              batch[0] = new ArrayList<>(BATCH);
            }
          });
      put(queue, batch[0], results);
      for (int i = 0; i < workers; i++) {
        put(queue, poison, results);
      }
      Map<String, Long> total = new HashMap<>();
      for (Future<Map<String, long[]>> f : results) {
        get(f).forEach((w, c) -> total.merge(w, c[0], Long::sum));
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String>[] newBatch() {
    return new List[] {new ArrayList<String>(BATCH)};
  }

  private static Map<String, long[]> countBatches(
      BlockingQueue<List<String>> queue,
      List<String> poison,
      Function<String, List<String>> splitter)
      throws InterruptedException {
    Map<String, long[]> counts = new HashMap<>();
    while (true) {
      List<String> batch = queue.take();
      if (batch == poison) {
        return counts;
      }
      for (String text : batch) {
        for (String w : splitter.apply(text)) {
          counts.computeIfAbsent(w, k -> new long[1])[0]++;
        }
      }
    }
  }

  /** Puts a batch, failing fast when a worker died (its exception is rethrown). */
  private static void put(
      BlockingQueue<List<String>> queue,
      List<String> batch,
      List<Future<Map<String, long[]>>> workers) {
    try {
      while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
        for (Future<Map<String, long[]>> f : workers) {
          if (f.isDone()) {
            get(f); // throws the worker's failure
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while counting words", e);
    }
  }

  private static <T> T get(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while counting words", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
