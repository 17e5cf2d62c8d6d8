package org.transfer4j.quickstart;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a quickstart data set (an unlabeled corpus and labelled {@code text,label} splits) into a
 * folder. Implementations are deterministic for a given seed, so two runs compare like with like.
 *
 * <pre>{@code
 * QuickstartData d = new BuiltinData().write(Path.of("out/data"), 42);
 * }</pre>
 */
public interface DataSource {
  /** Writes {@code corpus.txt}, {@code train.csv}, {@code validation.csv}, {@code test.csv}. */
  QuickstartData write(Path dir, long seed) throws IOException;
}
