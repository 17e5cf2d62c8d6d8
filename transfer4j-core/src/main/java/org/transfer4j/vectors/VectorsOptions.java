package org.transfer4j.vectors;

import org.transfer4j.BadInputException;

/**
 * How to read a vectors file.
 *
 * <pre>{@code
 * WordVectors v = WordVectors.read(Path.of("wiki-news-300d-1M.vec.zip"), new VectorsOptions(100_000, true));
 * }</pre>
 *
 * @param maxWords keep the first N vectors of the file (files are sorted by frequency, so the first
 *     100,000 cover most text), 0 = all
 * @param lowercase lowercase every word; when two words collide ({@code Apple}, {@code apple}) the
 *     first in the file wins, the more frequent one
 */
public record VectorsOptions(int maxWords, boolean lowercase) {
  public VectorsOptions {
    if (maxWords < 0) {
      throw new BadInputException("--max-words must be 0 (all) or positive, got " + maxWords);
    }
  }

  /** Every vector, case kept. */
  public static VectorsOptions defaults() {
    return new VectorsOptions(0, false);
  }
}
