package org.transfer4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transfer4j.embed.EncoderOptions;
import org.transfer4j.embed.SentenceEncoder;
import org.transfer4j.search.IndexBuilder;
import org.transfer4j.search.IndexMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer4j index build}: sentence vectors of a file into an HNSW index folder. */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description =
        "Embed every text of a CSV, TSV, JSONL or plain-text file (one text per line) and write"
            + " a Lucene HNSW index folder with the texts, labels and the model's fingerprint.")
final class IndexBuildCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Mixin EncoderCliOptions encoder;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "Texts to index.")
  Path input;

  @Option(
      names = "--text-column",
      paramLabel = "C",
      description = "CSV/TSV column or JSONL key of the text (default: ${DEFAULT-VALUE}).")
  String textColumn = "text";

  @Option(
      names = "--label-column",
      paramLabel = "L",
      description = "Column or key of a label to store (needed by knn).")
  String labelColumn;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "INDEX",
      description = "Index folder to create.")
  Path output;

  @Option(names = "--overwrite", description = "Replace an existing non-empty output folder.")
  boolean overwrite;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    EncoderOptions options = encoder.options();
    engineOptions.init();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    IndexMetadata m;
    try (SentenceEncoder enc = encoder.load(options)) {
      m = IndexBuilder.build(enc, input, textColumn, labelColumn, output, overwrite, err);
    }
    out.printf(
        Locale.ROOT,
        "indexed %,d texts of %s into %s in %.1f s: %d dimensions, %s, %s pooling, HNSW M=%d"
            + " beam=%d%n",
        m.count(),
        input,
        output,
        (System.nanoTime() - start) / 1e9,
        m.dimension(),
        m.similarity(),
        m.pooling(),
        m.hnswM(),
        m.hnswBeamWidth());
    out.flush();
    return 0;
  }
}
