package org.transfer4j.cli;

import java.io.IOException;
import org.transfer4j.BadInputException;
import org.transfer4j.embed.EncoderOptions;
import org.transfer4j.embed.SentenceEncoder;
import org.transfer4j.embed.SentencePooling;
import picocli.CommandLine.Option;

/**
 * The sentence-encoder flags shared by {@code embed}, {@code similarity} and {@code index build}:
 * the model and how its token vectors become one vector per text.
 *
 * <pre>{@code
 * @Mixin EncoderCliOptions encoder;
 * try (SentenceEncoder enc = encoder.load()) { ... }
 * }</pre>
 */
final class EncoderCliOptions {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "M",
      description =
          "Model folder (BERT/DistilBERT) or built-in model name (e.g. all-MiniLM-L6-v2).")
  String model;

  @Option(
      names = "--pooling",
      paramLabel = "MODE",
      description = "mean, cls or max (default: ${DEFAULT-VALUE}).")
  String pooling = "mean";

  @Option(
      names = "--no-normalize",
      description =
          "Keep the pooled vectors' lengths instead of unit vectors (an index searches them by"
              + " cosine).")
  boolean noNormalize;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Texts per forward pass (default: ${DEFAULT-VALUE}).")
  int batchSize = 32;

  @picocli.CommandLine.Mixin InferenceCliOptions inference;

  /**
   * The encoder options from the flags, with the model's maximum length; bad values name the flag.
   */
  EncoderOptions options() {
    if (batchSize < 1) {
      throw new BadInputException("--batch-size " + batchSize + ": must be at least 1");
    }
    return new EncoderOptions(
        SentencePooling.parse(pooling), !noNormalize, batchSize, 0, inference.toOptions());
  }

  /** Loads {@link #model} with {@code options} (from {@link #options()}, maybe adjusted). */
  SentenceEncoder load(EncoderOptions options) throws IOException {
    return SentenceEncoder.load(model, options);
  }
}
