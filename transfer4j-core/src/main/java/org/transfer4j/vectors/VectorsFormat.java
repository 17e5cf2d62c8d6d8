package org.transfer4j.vectors;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The layout of a vectors file: word2vec/fastText text with a {@code count dim} header line, GloVe
 * text without it, or word2vec binary ({@code count dim\n} then per word its UTF-8 bytes, a space
 * and {@code dim} little-endian float32).
 */
public enum VectorsFormat {
  /** Text; a {@code count dim} first line is recognised and skipped. */
  TEXT,
  /** word2vec's binary format ({@code -binary 1}). */
  BINARY;

  /** {@code .bin} (also inside {@code .bin.gz}) is binary, anything else text. */
  public static VectorsFormat guess(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    return name.endsWith(".bin") ? BINARY : TEXT;
  }
}
