package org.transfer4j.cli;

import java.io.IOException;
import org.transfer4j.vectors.VectorsOptions;
import org.transfer4j.vectors.WordVectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --vectors FILE [--max-words N] [--lowercase]}, shared by the vectors verbs. */
public final class VectorsFileOptions {
  @Mixin VectorsPathOptions path;

  @Option(
      names = "--lowercase",
      description = "Lowercase the vectors' words (the first of colliding words wins).")
  boolean lowercase;

  VectorsOptions options() {
    return new VectorsOptions(path.maxWords, lowercase);
  }

  WordVectors read() throws IOException {
    return WordVectors.read(path.required(), options());
  }
}
