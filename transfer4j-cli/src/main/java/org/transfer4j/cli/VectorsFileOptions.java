package org.transfer4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.transfer4j.vectors.VectorsOptions;
import org.transfer4j.vectors.WordVectors;
import picocli.CommandLine.Option;

/** {@code --vectors FILE [--max-words N] [--lowercase]}, shared by the vectors verbs. */
public final class VectorsFileOptions {
  @Option(
      names = "--vectors",
      required = true,
      paramLabel = "FILE",
      description =
          "Word vectors: .vec/.txt text (with or without the 'count dim' header) or word2vec .bin;"
              + " plain, .gz or .zip.")
  Path vectors;

  @Option(
      names = "--max-words",
      paramLabel = "N",
      description = "Read only the first N vectors (0 = all; default: ${DEFAULT-VALUE}).")
  int maxWords = 0;

  @Option(
      names = "--lowercase",
      description = "Lowercase the vectors' words (the first of colliding words wins).")
  boolean lowercase;

  VectorsOptions options() {
    return new VectorsOptions(maxWords, lowercase);
  }

  WordVectors read() throws IOException {
    return WordVectors.read(vectors, options());
  }
}
