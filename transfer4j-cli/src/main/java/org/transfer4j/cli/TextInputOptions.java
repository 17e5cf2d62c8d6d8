package org.transfer4j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The input flags of the verbs that read texts through {@link org.transfer4j.data.TextRecords}
 * ({@code embed}, {@code similarity}): a file and, for CSV/TSV/JSONL, the column or key.
 *
 * <pre>{@code
 * @Mixin TextInputOptions textInput;
 * EmbedFiles.embed(encoder, textInput.input, textInput.column, output, progress);
 * }</pre>
 */
final class TextInputOptions {
  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "The texts: a plain-text file (one per line) or a .csv/.tsv/.jsonl file.")
  Path input;

  @Option(
      names = "--column",
      paramLabel = "NAME",
      description = "CSV/TSV column or JSONL key holding the text (default: text).")
  String column;
}
