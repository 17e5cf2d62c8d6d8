package org.transfer4j.embed;

/**
 * What one streaming {@link SentenceEncoder#encode(java.util.Iterator, VectorSink)} call did.
 *
 * @param texts texts encoded
 * @param truncated texts longer than the encoder's maximum length, cut to it
 * @param tokens tokens fed to the model ({@code [CLS]} and {@code [SEP]} included, padding not)
 * @param seconds wall time of the call
 */
public record EncodeStats(long texts, long truncated, long tokens, double seconds) {
  /** Texts per second (0 when no time passed). */
  public double textsPerSecond() {
    return seconds > 0 ? texts / seconds : 0;
  }
}
