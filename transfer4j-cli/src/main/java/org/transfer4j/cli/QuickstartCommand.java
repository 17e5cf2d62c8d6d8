package org.transfer4j.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.transfer4j.quickstart.BuiltinData;
import org.transfer4j.quickstart.CsvData;
import org.transfer4j.quickstart.DataSource;
import org.transfer4j.quickstart.Quickstart;
import org.transfer4j.quickstart.QuickstartConfig;
import org.transfer4j.quickstart.QuickstartResult;
import org.transfer4j.quickstart.WordNetData;
import org.transfer4j.train.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code transfer4j quickstart}: tokenizer, pretraining and fine-tuning vs scratch, one command.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = {
      "The whole transfer-learning path on real data in one command: train a WordPiece tokenizer,"
          + " pretrain a small BERT on unlabeled text, fine-tune a classifier on a few labels with"
          + " and without the pretrained weights (same steps), and print both test scores.",
      "Data: WordNet glosses (Debian's wordnet-base) when installed, else a generated builtin"
          + " set; or BANKING77-style folders (train.csv, test.csv with text,category)."
    })
final class QuickstartCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--output",
      defaultValue = "quickstart",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(
      names = "--overwrite",
      description = "Replace the run in a non-empty --output (removed first).")
  boolean overwrite;

  @Option(
      names = "--minutes",
      defaultValue = "4",
      description =
          "Time budget of the whole run in minutes: 60%% pretraining, 15%% per fine-tuning run"
              + " (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(
      names = "--data",
      arity = "1..2",
      paramLabel = "KIND [PATH]",
      description =
          "wordnet [DIR] (default /usr/share/wordnet), builtin, or banking77 DIR (a folder with"
              + " train.csv and test.csv). Default: wordnet when installed, else builtin.")
  List<String> data;

  @Option(
      names = "--per-class",
      defaultValue = "10",
      description = "banking77: labelled training texts per class (default: ${DEFAULT-VALUE}).")
  int perClass;

  @Option(
      names = "--model",
      defaultValue = "tiny",
      description = "BERT preset (tiny, mini, small) or config.json (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--max-length",
      defaultValue = "64",
      description = "Tokens per input, specials included (default: ${DEFAULT-VALUE}).")
  int maxLength;

  @Option(
      names = "--vocab-size",
      defaultValue = "8000",
      description = "WordPiece vocabulary size (default: ${DEFAULT-VALUE}).")
  int vocabSize;

  @Option(
      names = "--pretrain-steps",
      defaultValue = "0",
      description = "Pretraining updates instead of the time budget's (0: from --minutes).")
  long pretrainSteps;

  @Option(
      names = "--epochs",
      defaultValue = "0",
      description = "Fine-tuning epochs of each run instead of the budget's (0: from --minutes).")
  int epochs;

  @Option(
      names = "--builtin-model",
      defaultValue = QuickstartConfig.DEFAULT_BUILTIN_MODEL,
      paramLabel = "NAME|DIR|none",
      description =
          "A pretrained model fine-tuned as a third run on the same data, with its own tokenizer"
              + " (default: ${DEFAULT-VALUE}; none: skip it).")
  String builtinModel;

  @Override
  public Integer call() throws Exception {
    engineOptions.init();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PrintStream log = new PrintStream(new WriterStream(err), true, StandardCharsets.UTF_8);
    QuickstartConfig config =
        QuickstartConfig.defaults(output)
            .withData(source())
            .withMinutes(minutes)
            .withModel(model)
            .withMaxLength(maxLength)
            .withVocabSize(vocabSize)
            .withSeed(engineOptions.seed)
            .withPretrainSteps(pretrainSteps)
            .withEpochs(epochs)
            .withBuiltinModel(builtinModel.equalsIgnoreCase("none") ? null : builtinModel)
            .withLog(log);
    QuickstartResult r;
    try (RunFolder folder = RunFolder.claim(output, overwrite, List.of(), RunFolder::isRunFile)) {
      r = Quickstart.run(config);
    }
    log.flush();
    out.println();
    out.print(r.scoreTable());
    out.println("summary: " + r.output().resolve("summary.md"));
    out.flush();
    return 0;
  }

  private DataSource source() {
    if (data == null || data.isEmpty()) {
      return QuickstartConfig.defaultData();
    }
    String kind = data.get(0);
    Path path = data.size() > 1 ? Path.of(data.get(1)) : null;
    return switch (kind) {
      case "wordnet" -> {
        WordNetData d = WordNetData.defaults();
        yield path == null ? d : new WordNetData(path, d.train(), d.validation(), d.test());
      }
      case "builtin" -> {
        if (path != null) {
          throw new IllegalArgumentException("--data builtin takes no PATH, got " + path);
        }
        yield BuiltinData.defaults();
      }
      case "banking77" -> {
        if (path == null) {
          throw new IllegalArgumentException(
              "--data banking77 needs the folder with train.csv and test.csv: --data banking77"
                  + " DIR");
        }
        yield CsvData.banking77(path, perClass);
      }
      default ->
          throw new IllegalArgumentException(
              "--data must be wordnet [DIR], builtin or banking77 DIR, got '" + kind + "'");
    };
  }

  /** Bytes to the picocli writer, so library messages go where the CLI's errors go. */
  private static final class WriterStream extends OutputStream {
    private final PrintWriter w;
    private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

    WriterStream(PrintWriter w) {
      this.w = w;
    }

    @Override
    public void write(int b) {
      line.write(b);
      if (b == '\n' || b == '\r') {
        flush();
      }
    }

    @Override
    public void flush() {
      w.write(line.toString(StandardCharsets.UTF_8));
      line.reset();
      w.flush();
    }
  }
}
