package org.transfer4j.tokenize.word;

import java.util.Arrays;
import java.util.Locale;

/**
 * Length distribution of tokenized texts, to choose a maximum sequence length: {@code p95} is the
 * length that 95% of the texts fit in. Percentiles use the nearest-rank method (the smallest length
 * with at least p% of the texts at or below it).
 *
 * <pre>{@code
 * LengthStats s = LengthStats.of(lengths);
 * int maxLength = s.p99();
 * }</pre>
 */
public record LengthStats(
    int texts, long tokens, int min, int max, double mean, int p50, int p90, int p95, int p99) {

  /** The statistics of {@code lengths} (one per text; not modified). */
  public static LengthStats of(int[] lengths) {
    if (lengths.length == 0) {
      throw new IllegalArgumentException("no texts: cannot compute length statistics");
    }
    int[] s = lengths.clone();
    Arrays.sort(s);
    long total = 0;
    for (int x : s) {
      total += x;
    }
    return new LengthStats(
        s.length,
        total,
        s[0],
        s[s.length - 1],
        (double) total / s.length,
        percentile(s, 50),
        percentile(s, 90),
        percentile(s, 95),
        percentile(s, 99));
  }

  /** Nearest-rank percentile of ascending {@code sorted}, {@code p} in (0, 100]. */
  public static int percentile(int[] sorted, double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** The one-line length summary the {@code tokenizer stats} reports print. */
  public String lengthLine() {
    return String.format(
        Locale.ROOT,
        "min %d, mean %.1f, p50 %d, p90 %d, p95 %d, p99 %d, max %d",
        min,
        mean,
        p50,
        p90,
        p95,
        p99,
        max);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "texts %d, tokens %d, length min %d / mean %.1f / p50 %d / p90 %d / p95 %d / p99 %d / max %d",
        texts,
        tokens,
        min,
        mean,
        p50,
        p90,
        p95,
        p99,
        max);
  }
}
