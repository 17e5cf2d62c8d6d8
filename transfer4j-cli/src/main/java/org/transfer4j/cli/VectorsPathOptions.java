package org.transfer4j.cli;

import java.nio.file.Path;
import org.transfer4j.BadInputException;
import picocli.CommandLine.Option;

/**
 * {@code --vectors FILE [--max-words N]}: the word-vectors file of the vectors verbs ({@link
 * VectorsFileOptions}) and of the word-vector architectures of {@code finetune classify|tag}.
 * {@code --vectors} is optional here because {@code finetune} needs it only for those
 * architectures; verbs that always need it call {@link #required()}.
 */
public final class VectorsPathOptions {
  @Option(
      names = "--vectors",
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

  /** The file, or one {@code error:} line saying that it is missing. */
  Path required() {
    if (vectors == null) {
      throw new BadInputException(
          "--vectors FILE is required: give a word-vectors file (.vec/.txt/.bin, plain, .gz or"
              + " .zip)");
    }
    return vectors;
  }
}
