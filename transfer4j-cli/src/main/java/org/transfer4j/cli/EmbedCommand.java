package org.transfer4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transfer4j.BadInputException;
import org.transfer4j.embed.EmbedFiles;
import org.transfer4j.embed.EncodeStats;
import org.transfer4j.embed.EncoderOptions;
import org.transfer4j.embed.SentenceEncoder;
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

  @Mixin EncoderCliOptions encoder;

  @Mixin TextInputOptions textInput;

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
    EncoderOptions options = encoder.options();
    if (maxLength != 0 && maxLength < 3) {
      throw new BadInputException(
          "--max-length " + maxLength + ": must be at least 3 ([CLS], one token, [SEP])");
    }
    options = options.withMaxLength(maxLength);
    engineOptions.init();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (SentenceEncoder enc = encoder.load(options)) {
      EncodeStats s =
          EmbedFiles.embed(
              enc,
              textInput.input,
              textInput.column,
              output,
              quiet ? Progress.none() : Progress.to(err));
      out.printf(
          Locale.ROOT,
          "embedded %,d texts into %s: dim %d, %s pooling%s, %,d truncated to %d tokens,"
              + " %.1f texts/s%n",
          s.texts(),
          output,
          enc.dimension(),
          options.pooling().id(),
          options.normalize() ? ", normalised" : "",
          s.truncated(),
          enc.maxLength(),
          s.textsPerSecond());
      out.flush();
    }
    return 0;
  }
}
