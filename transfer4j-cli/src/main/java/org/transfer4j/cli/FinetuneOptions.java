package org.transfer4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.transfer4j.BadInputException;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.task.FinetuneConfig;
import org.transfer4j.task.FinetuneResult;
import org.transfer4j.train.TrainerConfig;
import picocli.CommandLine.Option;

/**
 * Options every {@code finetune} subcommand accepts (model source, tokenizer, splits, length); mix
 * in next to {@link EngineOptions} and {@link TrainingOptions}.
 */
public final class FinetuneOptions {
  @Option(
      names = "--model",
      paramLabel = "DIR|NAME",
      description =
          "Pretrained Hugging Face folder (BERT or DistilBERT, with its tokenizer files), e.g. the"
              + " output of 'transfer4j pretrain', or a built-in model name such as"
              + " all-MiniLM-L6-v2 (transfer4j models).")
  String model;

  @Option(
      names = "--from-scratch",
      description =
          "Start from random weights instead (needs --tokenizer): measures what pretraining buys.")
  boolean fromScratch;

  @Option(
      names = "--config",
      paramLabel = "NAME|FILE",
      description =
          "With --from-scratch: a BERT preset (tiny, mini, small, medium, base) or a config.json"
              + " (default: ${DEFAULT-VALUE}).")
  String config = "mini";

  @Option(
      names = "--tokenizer",
      paramLabel = "DIR",
      description = "Tokenizer folder or tokenizer.json (default: the --model folder).")
  Path tokenizer;

  @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training data.")
  Path train;

  @Option(
      names = "--validation",
      required = true,
      paramLabel = "FILE",
      description = "Validation data (early stopping, best checkpoint).")
  Path validation;

  @Option(names = "--test", paramLabel = "FILE", description = "Test data, scored at the end.")
  Path test;

  @Option(
      names = "--max-length",
      paramLabel = "N|auto",
      description =
          "Tokens per input, specials included (default: ${DEFAULT-VALUE}); auto (word models"
              + " only): the 95th percentile of the training lengths.")
  String maxLength = "128";

  @Option(
      names = "--eval-batch-size",
      paramLabel = "N",
      description = "Batch size for evaluation and prediction (default: ${DEFAULT-VALUE}).")
  int evalBatchSize = 64;

  @Option(
      names = "--no-onnx",
      description =
          "Do not write model.onnx (the ONNX Runtime export) beside the best model at the end.")
  boolean noOnnx;

  /** The shared part of the run's config; the subcommand adds its task options. */
  FinetuneConfig.Builder builder(TrainerConfig trainer, PrintStream log) throws IOException {
    return builder(trainer, log, false);
  }

  /** Whether {@code --max-length auto} was given. */
  boolean autoLength() {
    return maxLength.equalsIgnoreCase("auto");
  }

  /**
   * As {@link #builder(TrainerConfig, PrintStream)}; with {@code wordModel} the run trains a
   * word-vector classifier, so no encoder (--model, --from-scratch) is read.
   */
  FinetuneConfig.Builder builder(TrainerConfig trainer, PrintStream log, boolean wordModel)
      throws IOException {
    FinetuneConfig.Builder b = FinetuneConfig.builder(trainer);
    int length;
    if (autoLength()) {
      if (!wordModel) {
        throw new BadInputException(
            "--max-length auto applies to the word models (--arch dan|bilstm|cnn); give a number");
      }
      length = 128;
    } else {
      try {
        length = Integer.parseInt(maxLength);
      } catch (NumberFormatException e) {
        throw new BadInputException(
            "--max-length must be a number or auto, got '" + maxLength + "'");
      }
    }
    if (wordModel) {
      if (fromScratch || model != null || tokenizer != null) {
        throw new BadInputException(
            "the word models (--arch dan|bilstm|cnn, tag: bilstm|bilstm-crf) train on --vectors with their own word"
                + " vocabulary; drop --model, --from-scratch and --tokenizer");
      }
    } else if (fromScratch) {
      if (model != null) {
        throw new BadInputException("give --model DIR or --from-scratch, not both");
      }
      if (tokenizer == null) {
        throw new BadInputException("--from-scratch needs --tokenizer DIR");
      }
      Path file = Path.of(config);
      BertConfig c = Files.exists(file) ? BertConfig.read(file) : BertConfig.preset(config);
      b.fromScratch(c, tokenizer);
    } else {
      if (model == null) {
        throw new BadInputException(
            "give a pretrained model with --model DIR, or --from-scratch --tokenizer DIR");
      }
      b.pretrained(ModelFolders.resolve(model)).tokenizer(tokenizer);
    }
    return b.train(train)
        .validation(validation)
        .test(test)
        .maxLength(length)
        .evalBatchSize(evalBatchSize)
        .onnxExport(!noOnnx)
        .log(log);
  }

  /** Prints where the run went and its metrics. */
  static void summary(FinetuneResult r, PrintWriter out) {
    out.println("wrote " + r.output());
    out.println("validation: " + format(r.validationMetrics()));
    if (!r.testMetrics().isEmpty()) {
      out.println("test: " + format(r.testMetrics()));
    }
    out.flush();
  }

  static String format(Map<String, Double> m) {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(m)
        .forEach((k, v) -> b.append(String.format(java.util.Locale.ROOT, "%s=%.4f ", k, v)));
    return b.toString().strip();
  }

  /** A print stream onto a writer (the trainer logs to streams; picocli gives writers). */
  static PrintStream stream(PrintWriter w) {
    OutputStream lines =
        new OutputStream() {
          private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

          @Override
          public void write(int b) {
            buf.write(b);
            if (b == '\n') {
              flush();
            }
          }

          @Override
          public void flush() {
            w.print(buf.toString(StandardCharsets.UTF_8));
            w.flush();
            buf.reset();
          }
        };
    return new PrintStream(lines, true, StandardCharsets.UTF_8);
  }
}
