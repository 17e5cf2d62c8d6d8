package org.transfer4j.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Corpora whose lines are decimal ids, so the expected cache content is the text itself. */
final class TestCorpus {
  private TestCorpus() {}

  static final SpecialTokens SPECIALS = new SpecialTokens(0, 1, 2, 3, 4, 1000);

  /** "12 7 99" -> {12, 7, 99}; blank -> {}. Thread-safe. */
  static final TokenEncoder NUMBERS =
      text -> {
        String t = text.strip();
        return t.isEmpty()
            ? new int[0]
            : Arrays.stream(t.split("\\s+")).mapToInt(Integer::parseInt).toArray();
      };

  /** Random lines of ids in [5, 1000), lengths uniform in [minLen, maxLen]. */
  static int[][] randomLines(int n, int minLen, int maxLen, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[][] lines = new int[n][];
    for (int i = 0; i < n; i++) {
      lines[i] = rng.ints(rng.nextInt(minLen, maxLen + 1), 5, 1000).toArray();
    }
    return lines;
  }

  static Path write(Path file, int[][] lines) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int[] l : lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < l.length; i++) {
          sb.append(i == 0 ? "" : " ").append(l[i]);
        }
        w.write(sb.toString());
        w.newLine();
      }
    }
    return file;
  }
}
