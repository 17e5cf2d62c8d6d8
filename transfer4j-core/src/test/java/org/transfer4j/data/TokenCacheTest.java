package org.transfer4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.transfer4j.BadInputException;

class TokenCacheTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "segment {0} bytes")
  @ValueSource(longs = {16, 24, 4096, MappedArray.DEFAULT_SEGMENT_BYTES})
  void roundTripEqualsInputAcrossMappedSegments(long segmentBytes) throws Exception {
    int[][] lines = TestCorpus.randomLines(5000, 1, 40, 11);
    Path corpus = Files.createDirectories(tmp.resolve("corpus"));
    // Two files in a folder plus blank lines, which are skipped.
    TestCorpus.write(corpus.resolve("a.txt"), java.util.Arrays.copyOf(lines, 2000));
    Files.writeString(corpus.resolve("a.txt"), "\n   \n", java.nio.file.StandardOpenOption.APPEND);
    TestCorpus.write(
        corpus.resolve("b.txt"), java.util.Arrays.copyOfRange(lines, 2000, lines.length));
    Files.writeString(corpus.resolve(".hidden"), "1 2 3\n");

    TokenCacheMeta meta =
        TokenCacheWriter.write(tmp.resolve("cache"), List.of(corpus), TestCorpus.NUMBERS, "fp", 2);
    assertThat(meta.lines()).isEqualTo(5000);
    assertThat(meta.skippedLines()).isEqualTo(2);
    assertThat(meta.sources()).hasSize(2);

    try (TokenCache cache = TokenCache.open(tmp.resolve("cache"), "fp", segmentBytes)) {
      assertThat(cache.lines()).isEqualTo(lines.length);
      long total = 0;
      for (int i = 0; i < lines.length; i++) {
        assertThat(cache.line(i)).as("line %d", i).isEqualTo(lines[i]);
        total += lines[i].length;
      }
      assertThat(cache.tokens()).isEqualTo(total);
      int[] part = new int[3];
      int longLine = 0;
      while (lines[longLine].length < 5) {
        longLine++;
      }
      cache.read(longLine, 2, part, 0, 3);
      assertThat(part).containsExactly(lines[longLine][2], lines[longLine][3], lines[longLine][4]);
      assertThat(cache.lengthHistogram().total()).isEqualTo(lines.length);
      assertThat(cache.lengthHistogram().max())
          .isEqualTo(java.util.Arrays.stream(lines).mapToInt(l -> l.length).max().getAsInt());
    }
  }

  @Test
  void openOrBuildReusesAMatchingCacheAndRebuildsOnNewTokenizer() throws Exception {
    Path corpus = TestCorpus.write(tmp.resolve("c.txt"), TestCorpus.randomLines(50, 3, 9, 1));
    AtomicInteger calls = new AtomicInteger();
    TokenEncoder counting =
        t -> {
          calls.incrementAndGet();
          return TestCorpus.NUMBERS.encode(t);
        };
    Path dir = tmp.resolve("cache");
    TokenCache.openOrBuild(dir, List.of(corpus), counting, "v1", 1).close();
    assertThat(calls.get()).isEqualTo(50);
    TokenCache.openOrBuild(dir, List.of(corpus), counting, "v1", 1).close();
    assertThat(calls.get()).as("reused, not re-tokenized").isEqualTo(50);
    try (TokenCache c = TokenCache.openOrBuild(dir, List.of(corpus), counting, "v2", 1)) {
      assertThat(calls.get()).isEqualTo(100);
      assertThat(c.fingerprint()).isEqualTo("v2");
    }
    assertThatThrownBy(() -> TokenCache.open(dir, "v1"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("made with tokenizer v2");
    assertThat(dir.resolve("tokens.i32.partial")).doesNotExist();
  }

  @Test
  void emptyCorpusIsBadInput() throws Exception {
    Path corpus = tmp.resolve("empty.txt");
    Files.writeString(corpus, "\n  \n\n");
    assertThatThrownBy(
            () ->
                TokenCacheWriter.write(
                    tmp.resolve("cache"), List.of(corpus), TestCorpus.NUMBERS, "fp", 1))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no non-empty lines")
        .hasMessageContaining("empty.txt");
    assertThat(tmp.resolve("cache").resolve("meta.json")).doesNotExist();
    assertThat(tmp.resolve("cache").resolve("tokens.i32.partial")).doesNotExist();
  }

  @Test
  void missingCorpusAndIncompleteCacheAreBadInput() throws Exception {
    assertThatThrownBy(
            () ->
                TokenCacheWriter.write(
                    tmp.resolve("c"), List.of(tmp.resolve("nope")), TestCorpus.NUMBERS, "f", 1))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("does not exist");
    Files.createDirectories(tmp.resolve("half"));
    assertThatThrownBy(() -> TokenCache.open(tmp.resolve("half")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("incomplete");
  }

  @Test
  void tokenizerFailureNamesFileAndLine() throws Exception {
    Path corpus = tmp.resolve("bad.txt");
    Files.writeString(corpus, "1 2 3\n4 x 6\n");
    assertThatThrownBy(
            () ->
                TokenCacheWriter.write(
                    tmp.resolve("cache"), List.of(corpus), TestCorpus.NUMBERS, "fp", 2))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("bad.txt:2");
  }

  /**
   * A generated 50 MB corpus streams through the builder and the mapped reader: the heap retained
   * afterwards grows far less than the corpus (64 MB budget; the corpus alone as int[][] would take
   * well over 100 MB).
   */
  @Test
  @Tag("slow")
  void fiftyMegabyteCorpusStreamsWithBoundedHeap() throws Exception {
    Path corpus = tmp.resolve("big.txt");
    SplittableRandom rng = new SplittableRandom(3);
    long bytes = 0;
    long lines = 0;
    try (BufferedWriter w = Files.newBufferedWriter(corpus, StandardCharsets.UTF_8)) {
      StringBuilder sb = new StringBuilder();
      while (bytes < 50L << 20) {
        sb.setLength(0);
        int n = rng.nextInt(5, 60);
        for (int i = 0; i < n; i++) {
          sb.append(i == 0 ? "" : " ").append(rng.nextInt(5, 1000));
        }
        w.write(sb.toString());
        w.newLine();
        bytes += sb.length() + 1;
        lines++;
      }
    }
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    System.gc();
    long before = mem.getHeapMemoryUsage().getUsed();
    TokenCacheMeta meta =
        TokenCacheWriter.write(tmp.resolve("cache"), List.of(corpus), TestCorpus.NUMBERS, "fp", 0);
    assertThat(meta.lines()).isEqualTo(lines);
    assertThat(Files.size(tmp.resolve("cache/tokens.i32"))).isEqualTo(4 * meta.tokens());
    long sum = 0;
    try (TokenCache cache = TokenCache.open(tmp.resolve("cache"))) {
      int[] buf = new int[64];
      for (long i = 0; i < cache.lines(); i++) {
        int len = cache.length(i);
        cache.read(i, 0, buf, 0, len);
        for (int k = 0; k < len; k++) {
          sum += buf[k];
        }
      }
      System.gc();
      long growth = mem.getHeapMemoryUsage().getUsed() - before;
      assertThat(growth).as("retained heap growth in bytes").isLessThan(64L << 20);
    }
    assertThat(sum).isPositive();
  }
}
