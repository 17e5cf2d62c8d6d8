package org.transfer4j.data;

import java.util.Arrays;

/**
 * Counts of example lengths (in tokens): percentiles and a text histogram for {@code --max-length
 * auto}. Memory is one counter per distinct length up to the longest, never per example.
 *
 * <pre>{@code
 * LengthHistogram h = cache.lengthHistogram();
 * int p95 = h.percentile(0.95);
 * System.out.println(h.render(12, 40));
 * }</pre>
 */
public final class LengthHistogram {
  private long[] counts = new long[64];
  private long total;
  private int max;

  /** Records one example of {@code length} tokens. */
  public void add(int length) {
    add(length, 1);
  }

  /** Records {@code n} examples of {@code length} tokens. */
  public void add(int length, long n) {
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0, got " + length);
    }
    if (length >= counts.length) {
      counts = Arrays.copyOf(counts, Math.max(length + 1, counts.length * 2));
    }
    counts[length] += n;
    total += n;
    max = Math.max(max, length);
  }

  /** The number of examples recorded. */
  public long total() {
    return total;
  }

  /** The longest length recorded (0 when empty). */
  public int max() {
    return max;
  }

  /** How many examples have exactly {@code length} tokens. */
  public long count(int length) {
    return length < counts.length && length >= 0 ? counts[length] : 0;
  }

  /** How many examples have at least {@code length} tokens. */
  public long countAtLeast(int length) {
    long c = 0;
    for (int l = Math.max(length, 0); l <= max && l < counts.length; l++) {
      c += counts[l];
    }
    return c;
  }

  /**
   * The nearest-rank percentile: the smallest length L such that at least {@code q * total}
   * examples have length {@code <= L}.
   */
  public int percentile(double q) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("percentile must be in (0, 1], got " + q);
    }
    if (total == 0) {
      throw new IllegalStateException("no lengths recorded");
    }
    long rank = (long) Math.ceil(q * total - 1e-9);
    long seen = 0;
    for (int l = 0; l <= max; l++) {
      seen += counts[l];
      if (seen >= rank) {
        return l;
      }
    }
    return max;
  }

  /**
   * A text histogram: {@code bins} equal-width length ranges, each a line {@code " lo-hi | ###
   * count"} with bars scaled to {@code width} characters.
   */
  public String render(int bins, int width) {
    if (total == 0) {
      return "(no examples)\n";
    }
    int binWidth = Math.max(1, (max + bins) / bins);
    int nBins = max / binWidth + 1;
    long[] b = new long[nBins];
    for (int l = 0; l <= max; l++) {
      b[l / binWidth] += counts[l];
    }
    long peak = Arrays.stream(b).max().orElse(1);
    int labelWidth = String.valueOf(max).length() * 2 + 1;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < nBins; i++) {
      String label = (i * binWidth) + "-" + ((i + 1) * binWidth - 1);
      int bar = (int) Math.round((double) b[i] * width / peak);
      sb.append(String.format("  %" + labelWidth + "s | %s %d%n", label, "#".repeat(bar), b[i]));
    }
    return sb.toString();
  }
}
