package org.transfer4j.quickstart;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;
import org.transfer4j.data.WordNetGlosses;

/**
 * What {@link Quickstart#run} needs.
 *
 * <pre>{@code
 * QuickstartConfig c = QuickstartConfig.defaults(Path.of("quickstart")).withMinutes(2);
 * }</pre>
 *
 * @param output the output folder ({@code tokenizer/ pretrained/ finetuned/ scratch/ data/
 *     summary.json summary.md})
 * @param data where the data comes from
 * @param minutes the whole run's time budget in minutes; pretraining gets {@link #PRETRAIN_SHARE}
 *     of it, each fine-tuning run {@link #FINETUNE_SHARE}
 * @param model a BERT preset ({@code tiny}, {@code mini}, ...) or a {@code config.json} path
 * @param maxLength tokens per pretraining and fine-tuning input, specials included
 * @param vocabSize WordPiece vocabulary size to train
 * @param seed seed of the data split, initialisation, masking and data order
 * @param pretrainSteps pretraining updates; 0 = from the time budget
 * @param epochs fine-tuning epochs of each run; 0 = from the time budget
 * @param builtinModel a built-in pretrained model (or model folder) fine-tuned as a third run on
 *     the same data, with its own tokenizer; null for none
 * @param log where progress and the score table go
 */
public record QuickstartConfig(
    Path output,
    DataSource data,
    double minutes,
    String model,
    int maxLength,
    int vocabSize,
    long seed,
    long pretrainSteps,
    int epochs,
    String builtinModel,
    PrintStream log) {
  /** The share of the budget spent pretraining. */
  public static final double PRETRAIN_SHARE = 0.6;

  /** The share of the budget of each of the two fine-tuning runs. */
  public static final double FINETUNE_SHARE = 0.15;

  public QuickstartConfig {
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(log, "log");
    if (!(minutes > 0) || minutes > 24 * 60) {
      throw new IllegalArgumentException(
          "--minutes must be more than 0 and at most 1440, got " + minutes);
    }
    if (maxLength < 8) {
      throw new IllegalArgumentException("--max-length must be at least 8, got " + maxLength);
    }
    if (pretrainSteps < 0 || epochs < 0) {
      throw new IllegalArgumentException(
          "--pretrain-steps and --epochs must be >= 0 (0: from --minutes)");
    }
    if (vocabSize < 100) {
      throw new IllegalArgumentException("--vocab-size must be at least 100, got " + vocabSize);
    }
  }

  /**
   * WordNet when Debian's {@code wordnet-base} is installed, else the builtin data set; 4 minutes,
   * BERT-Tiny, 64 tokens, 8,000 WordPiece tokens, seed 42, the third run from {@value
   * #DEFAULT_BUILTIN_MODEL}, messages to standard error.
   */
  public static QuickstartConfig defaults(Path output) {
    return new QuickstartConfig(
        output, defaultData(), 4, "tiny", 64, 8000, 42, 0, 0, DEFAULT_BUILTIN_MODEL, System.err);
  }

  /** The built-in model of the third fine-tuning run. */
  public static final String DEFAULT_BUILTIN_MODEL = "all-MiniLM-L6-v2";

  /** {@link WordNetData#defaults()} when installed, else {@link BuiltinData#defaults()}. */
  public static DataSource defaultData() {
    return WordNetGlosses.isInstalled() ? WordNetData.defaults() : BuiltinData.defaults();
  }

  public QuickstartConfig withData(DataSource v) {
    Copy c = new Copy(this);
    c.data = v;
    return c.build();
  }

  public QuickstartConfig withMinutes(double v) {
    Copy c = new Copy(this);
    c.minutes = v;
    return c.build();
  }

  public QuickstartConfig withModel(String v) {
    Copy c = new Copy(this);
    c.model = v;
    return c.build();
  }

  public QuickstartConfig withMaxLength(int v) {
    Copy c = new Copy(this);
    c.maxLength = v;
    return c.build();
  }

  public QuickstartConfig withVocabSize(int v) {
    Copy c = new Copy(this);
    c.vocabSize = v;
    return c.build();
  }

  public QuickstartConfig withSeed(long v) {
    Copy c = new Copy(this);
    c.seed = v;
    return c.build();
  }

  public QuickstartConfig withPretrainSteps(long v) {
    Copy c = new Copy(this);
    c.pretrainSteps = v;
    return c.build();
  }

  public QuickstartConfig withEpochs(int v) {
    Copy c = new Copy(this);
    c.epochs = v;
    return c.build();
  }

  /** The third run's built-in model or folder; null skips that run. */
  public QuickstartConfig withBuiltinModel(String v) {
    Copy c = new Copy(this);
    c.builtinModel = v;
    return c.build();
  }

  public QuickstartConfig withLog(PrintStream v) {
    Copy c = new Copy(this);
    c.log = v;
    return c.build();
  }

  /** A mutable copy of the components, so each {@code with*} changes one without listing all. */
  private static final class Copy {
    private final Path output;
    private DataSource data;
    private double minutes;
    private String model;
    private int maxLength;
    private int vocabSize;
    private long seed;
    private long pretrainSteps;
    private int epochs;
    private String builtinModel;
    private PrintStream log;

    Copy(QuickstartConfig c) {
      output = c.output;
      data = c.data;
      minutes = c.minutes;
      model = c.model;
      maxLength = c.maxLength;
      vocabSize = c.vocabSize;
      seed = c.seed;
      pretrainSteps = c.pretrainSteps;
      epochs = c.epochs;
      builtinModel = c.builtinModel;
      log = c.log;
    }

    QuickstartConfig build() {
      return new QuickstartConfig(
          output,
          data,
          minutes,
          model,
          maxLength,
          vocabSize,
          seed,
          pretrainSteps,
          epochs,
          builtinModel,
          log);
    }
  }
}
