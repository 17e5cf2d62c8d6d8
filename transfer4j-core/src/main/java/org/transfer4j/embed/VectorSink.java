package org.transfer4j.embed;

import java.io.IOException;

/**
 * Receives sentence vectors in input order from {@link SentenceEncoder#encode(java.util.Iterator,
 * VectorSink)}.
 *
 * <pre>{@code
 * encoder.encode(lines, (i, text, v) -> npy.write(v));
 * }</pre>
 */
@FunctionalInterface
public interface VectorSink {
  /**
   * One text's vector.
   *
   * @param index the text's position in the input, from 0
   * @param text the text as given (before truncation)
   * @param vector its vector ({@link SentenceEncoder#dimension()} floats), owned by the sink
   */
  void accept(long index, String text, float[] vector) throws IOException;
}
