package org.transfer4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transfer4j.embed.EmbedFiles;
import org.transfer4j.embed.EncodeStats;
import org.transfer4j.embed.EncoderOptions;
import org.transfer4j.embed.SentenceEncoder;
import org.transfer4j.embed.SentencePooling;
import org.transfer4j.tokenize.train.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer4j embed}: sentence vectors of a file's texts, as .npy or .jsonl. */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    description =
        "Sentence vectors of every text of a file with a BERT/DistilBERT folder or a built-in"
            + " model: pooled last hidden state (mean by default), L2-normalised. Input: text"
            + " lines (blank lines skipped), or a .csv/.tsv column or .jsonl key (--column)."
            + " Output: OUT.npy (float32 [n, dim], rows in input order) or OUT.jsonl ({\"text\","
            + " \"vector\"} per line).")
final class EmbedCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "M",
      description = "Model folder or built-in model name (e.g. all-MiniLM-L6-v2).")
  String model;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "Texts to embed.")
  Path input;

  @Option(
      names = "--column",
      paramLabel = "NAME",
      description = "CSV/TSV column or JSONL key holding the text (default: text).")
  String column;

  @Option(
      names = "--pooling",
      paramLabel = "MODE",
      description = "mean, cls or max (default: ${DEFAULT-VALUE}).")
  String pooling = "mean";

  @Option(names = "--no-normalize", description = "Keep the pooled vectors' lengths.")
  boolean noNormalize;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Texts per forward pass (default: ${DEFAULT-VALUE}).")
  int batchSize = 32;

  @Option(
      names = "--max-length",
      paramLabel = "N",
      description =
          "Tokens per text with [CLS] and [SEP]; longer texts are truncated and counted"
              + " (default: the model's positions, 512 for BERT).")
  int maxLength;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "OUT",
      description = "OUT.npy or OUT.jsonl (written atomically).")
  Path output;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    EncoderOptions options = options(pooling, noNormalize, batchSize, maxLength);
    engineOptions.init();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (SentenceEncoder encoder = SentenceEncoder.load(model, options)) {
      EncodeStats s =
          EmbedFiles.embed(
              encoder, input, column, output, quiet ? Progress.none() : Progress.to(err));
      out.printf(
          Locale.ROOT,
          "embedded %,d texts into %s: dim %d, %s pooling%s, %,d truncated to %d tokens,"
              + " %.1f texts/s%n",
          s.texts(),
          output,
          encoder.dimension(),
          options.pooling().id(),
          options.normalize() ? ", normalised" : "",
          s.truncated(),
          encoder.maxLength(),
          s.textsPerSecond());
      out.flush();
    }
    return 0;
  }

  /** The encoder options from the shared flags; bad values name the option. */
  static EncoderOptions options(String pooling, boolean noNormalize, int batchSize, int maxLen) {
    if (batchSize < 1) {
      throw new org.transfer4j.BadInputException(
          "--batch-size " + batchSize + ": must be at least 1");
    }
    if (maxLen != 0 && maxLen < 3) {
      throw new org.transfer4j.BadInputException(
          "--max-length " + maxLen + ": must be at least 3 ([CLS], one token, [SEP])");
    }
    return new EncoderOptions(SentencePooling.parse(pooling), !noNormalize, batchSize, maxLen);
  }
}
