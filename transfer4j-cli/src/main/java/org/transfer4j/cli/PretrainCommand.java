package org.transfer4j.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transfer4j.BadInputException;
import org.transfer4j.data.MlmOptions;
import org.transfer4j.pretrain.ClmResult;
import org.transfer4j.pretrain.PretrainConfig;
import org.transfer4j.pretrain.PretrainResult;
import org.transfer4j.pretrain.Pretrainer;
import org.transfer4j.tokenize.BertOptions;
import org.transfer4j.train.ProgressBar;
import org.transfer4j.train.TrainerConfig;
import org.transfer4j.train.Warmup;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code transfer4j pretrain}: BERT masked-LM + sentence-order pretraining, or GPT-2 causal
 * language modelling ({@code --objective clm}), from raw text.
 */
@Command(
    name = "pretrain",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Pretrain a BERT (masked LM + sentence-order prediction) on text files, one document or"
          + " sentence per line.",
      "With --vocab-size it first trains a WordPiece tokenizer on the corpus. The corpus is"
          + " tokenized once into OUTPUT/cache; --output ends up a Hugging Face model folder"
          + " (config.json, model.safetensors, tokenizer.json, vocab.txt) next to checkpoints,"
          + " metrics.jsonl, tensorboard/ and plots/.",
      "--objective clm trains a GPT-2 (GPT2LMHeadModel) instead: --config gpt2-tiny|gpt2-mini|"
          + "gpt2-small|FILE, a byte-level BPE tokenizer with --vocab-size, documents joined by"
          + " <|endoftext|> and packed into --block-size blocks, validation perplexity.",
      "Defaults for pretraining from scratch: --lr 1e-4 (clm: 5e-4) and --warmup 0.01 unless"
          + " given."
    })
final class PretrainCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;
  @Mixin TrainingOptions trainingOptions;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--corpus",
      required = true,
      arity = "1..*",
      paramLabel = "FILE",
      description = "Text files or folders of them (UTF-8, one document or sentence per line).")
  List<Path> corpus;

  @Option(
      names = "--objective",
      paramLabel = "mlm|clm",
      description =
          "mlm: BERT masked LM + sentence order; clm: GPT-2 causal language modelling (default:"
              + " ${DEFAULT-VALUE}).")
  String objective = "mlm";

  @ArgGroup(exclusive = true, multiplicity = "1")
  TokenizerChoice tokenizerChoice;

  static final class TokenizerChoice {
    @Option(
        names = "--tokenizer",
        paramLabel = "DIR",
        description = "Use this tokenizer (folder with tokenizer.json or vocab.txt).")
    Path tokenizer;

    @Option(
        names = "--vocab-size",
        paramLabel = "N",
        description =
            "Train a tokenizer of N tokens on the corpus first (WordPiece; clm: byte-level BPE).")
    Integer vocabSize;
  }

  @Option(
      names = "--lowercase",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Trained tokenizer: lowercase the text (default: on).")
  boolean lowercase;

  @Option(
      names = "--strip-accents",
      negatable = true,
      description = "Trained tokenizer: remove accents (default: as --lowercase).")
  Boolean stripAccents;

  @Option(
      names = "--min-frequency",
      paramLabel = "N",
      description = "Trained tokenizer: merge only pairs seen N times (default: ${DEFAULT-VALUE}).")
  long minFrequency = 2;

  @Option(
      names = "--config",
      paramLabel = "PRESET|FILE",
      description =
          "Model size: tiny (L2/H128), mini (L4/H256), small (L4/H512), medium (L8/H512), base"
              + " (L12/H768), or a config.json; the vocabulary size follows the tokenizer"
              + " (default: ${DEFAULT-VALUE}). clm: gpt2-tiny (L2/H128), gpt2-mini (L4/H256,"
              + " the default), gpt2-small (L12/H768) or a GPT-2 config.json.")
  String config = "mini";

  @Option(
      names = "--max-length",
      paramLabel = "auto|N",
      description =
          "Sequence length with [CLS] A [SEP] B [SEP]; auto = 95th percentile of line lengths + 3,"
              + " rounded up to a multiple of 8 (default: ${DEFAULT-VALUE}).")
  String maxLength = "auto";

  @Option(
      names = "--min-length",
      paramLabel = "N",
      description =
          "Skip lines shorter than N tokens (default: the smallest N with P(>= 1 masked) >= 0.5,"
              + " 5 at 15%%).")
  Integer minLength;

  @Option(
      names = "--mlm-probability",
      paramLabel = "P",
      description = "Share of tokens selected for prediction (default: ${DEFAULT-VALUE}).")
  double mlmProbability = 0.15;

  @Option(
      names = "--mask-token-rate",
      paramLabel = "P",
      description = "Of the selected, share replaced by [MASK] (default: ${DEFAULT-VALUE}).")
  double maskTokenRate = 0.8;

  @Option(
      names = "--random-token-rate",
      paramLabel = "P",
      description =
          "Of the selected, share replaced by a random token (default: ${DEFAULT-VALUE}).")
  double randomTokenRate = 0.1;

  @Option(
      names = "--exact-mask-count",
      description = "Select exactly round(P x tokens) per row instead of each with probability P.")
  boolean exactMaskCount;

  @Option(
      names = "--sop-swap-probability",
      paramLabel = "P",
      description = "Probability that the two halves are swapped (default: ${DEFAULT-VALUE}).")
  double swapProbability = 0.5;

  @Option(
      names = "--bucket-batches",
      paramLabel = "N",
      description =
          "Length bucketing: sort each chunk of N batches by length (less padding; 1 = random"
              + " batches, which learn faster on short lines) (default: ${DEFAULT-VALUE}).")
  int bucketBatches = 50;

  @Option(
      names = "--mlm-weight",
      paramLabel = "W",
      description = "Weight of the masked-LM loss (default: ${DEFAULT-VALUE}).")
  double mlmWeight = 0.5;

  @Option(
      names = "--sop-weight",
      paramLabel = "W",
      description = "Weight of the sentence-order loss (default: ${DEFAULT-VALUE}).")
  double sopWeight = 0.5;

  @Mixin ClmOptions clmOptions;

  /** Options of one objective that the other does not take. */
  private static final List<String> MLM_ONLY =
      List.of(
          "--lowercase",
          "--strip-accents",
          "--min-frequency",
          "--max-length",
          "--min-length",
          "--mlm-probability",
          "--mask-token-rate",
          "--random-token-rate",
          "--exact-mask-count",
          "--sop-swap-probability",
          "--bucket-batches",
          "--mlm-weight",
          "--sop-weight");

  private static final List<String> CLM_ONLY =
      List.of("--block-size", "--validation", "--validation-split");

  @Override
  public Integer call() throws Exception {
    if (!objective.equals("mlm") && !objective.equals("clm")) {
      throw new BadInputException(
          "--objective " + objective + ": choose mlm (BERT) or clm (GPT-2 causal LM)");
    }
    var matched = spec.commandLine().getParseResult();
    for (String o : objective.equals("clm") ? MLM_ONLY : CLM_ONLY) {
      if (matched.hasMatchedOption(o)) {
        throw new BadInputException(
            o
                + " does not apply to --objective "
                + objective
                + (o.equals("--max-length") ? "; use --block-size" : "")
                + "; remove it");
      }
    }
    if (objective.equals("clm")) {
      return causalLm();
    }
    engineOptions.init();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TrainerConfig.Builder training = trainingOptions.toConfig(engineOptions).toBuilder();
    var parsed = spec.commandLine().getParseResult();
    if (!parsed.hasMatchedOption("--lr")) {
      training.lr(1e-4); // BERT's pretraining rate (Devlin et al., 2019, appendix A.2)
    }
    if (!parsed.hasMatchedOption("--warmup")) {
      training.warmup(Warmup.ofFraction(0.01));
    }
    MlmOptions mlm;
    try {
      mlm = new MlmOptions(mlmProbability, maskTokenRate, randomTokenRate, exactMaskCount);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--mlm-probability / --mask-token-rate: " + e.getMessage());
    }
    BertOptions bert =
        BertOptions.uncased().withLowercase(lowercase).withStripAccents(stripAccents);
    PrintStream log = new PrintStream(new WriterStream(err), true, StandardCharsets.UTF_8);
    PretrainConfig c =
        PretrainConfig.builder(corpus, training.build())
            .tokenizer(tokenizerChoice.tokenizer)
            .vocabSize(tokenizerChoice.vocabSize)
            .bertOptions(bert)
            .minFrequency(minFrequency)
            .model(config)
            .maxLength(maxLength)
            .minLength(minLength)
            .mlm(mlm)
            .swapProbability(swapProbability)
            .bucketBatches(bucketBatches)
            .weights(mlmWeight, sopWeight)
            .log(log, ProgressBar.stderrIsTerminal())
            .build();
    PretrainResult r = Pretrainer.run(c);
    log.flush();
    StringBuilder metrics = new StringBuilder();
    r.finalMetrics()
        .forEach((k, v) -> metrics.append(String.format(Locale.ROOT, " %s=%.4g", k, v)));
    out.printf(
        Locale.ROOT, "pretrained %d steps; model folder %s;%s%n", r.steps(), r.modelDir(), metrics);
    return 0;
  }

  private int causalLm() throws Exception {
    engineOptions.init();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TrainerConfig.Builder training = trainingOptions.toConfig(engineOptions).toBuilder();
    var parsed = spec.commandLine().getParseResult();
    if (!parsed.hasMatchedOption("--lr")) {
      training.lr(5e-4); // small GPTs from scratch train well at 5e-4..1e-3 with warmup
    }
    if (!parsed.hasMatchedOption("--warmup")) {
      training.warmup(Warmup.ofFraction(0.01));
    }
    String model = parsed.hasMatchedOption("--config") ? config : "gpt2-mini";
    ClmResult r =
        clmOptions.train(
            corpus,
            tokenizerChoice.tokenizer,
            tokenizerChoice.vocabSize,
            model,
            null,
            training.build(),
            err);
    out.printf(
        Locale.ROOT,
        "trained %d steps; model folder %s; validation perplexity %.3f (unigram %.2f);"
            + " %.0f tokens/s overall%n",
        r.steps(),
        r.modelDir(),
        r.validationPerplexity(),
        r.unigramPerplexity(),
        r.tokensPerSecond());
    return 0;
  }

  /** Bytes to a PrintWriter, decoded as UTF-8 line by line (the progress bar is a PrintStream). */
  static final class WriterStream extends OutputStream {
    private final PrintWriter writer;
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

    WriterStream(PrintWriter writer) {
      this.writer = writer;
    }

    @Override
    public synchronized void write(int b) {
      pending.write(b);
      if (b == '\n' || b == '\r') {
        flush();
      }
    }

    @Override
    public synchronized void flush() {
      if (pending.size() > 0) {
        writer.write(pending.toString(StandardCharsets.UTF_8));
        pending.reset();
      }
      writer.flush();
    }
  }
}
