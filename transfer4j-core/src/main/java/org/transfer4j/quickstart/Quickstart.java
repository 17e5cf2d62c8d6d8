package org.transfer4j.quickstart;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.transfer4j.data.ClassificationColumns;
import org.transfer4j.data.MlmOptions;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.pretrain.PretrainConfig;
import org.transfer4j.pretrain.PretrainResult;
import org.transfer4j.pretrain.Pretrainer;
import org.transfer4j.task.ClassificationTask;
import org.transfer4j.task.FinetuneConfig;
import org.transfer4j.task.FinetuneResult;
import org.transfer4j.tokenize.BertOptions;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.tokenize.train.Corpus;
import org.transfer4j.tokenize.train.Progress;
import org.transfer4j.tokenize.train.TokenizerTrainer;
import org.transfer4j.train.EarlyStopping;
import org.transfer4j.train.TrainerConfig;
import org.transfer4j.train.Warmup;

/**
 * The whole transfer-learning path in one call, on real data: write the data ({@link DataSource}),
 * train a WordPiece tokenizer on the unlabeled corpus, pretrain a small BERT on it (masked LM +
 * sentence order, {@link Pretrainer}), then fine-tune a classifier on the few labelled examples
 * twice with the same steps and learning rate - once from the pretrained weights, once from a
 * random initialisation - and compare their test scores. This is the experiment of Devlin et al.
 * (2019) and Howard and Ruder (2018) in miniature: with few labels, what the encoder learned from
 * unlabeled text is what generalises. A third run fine-tunes a built-in model pretrained at scale
 * (all-MiniLM-L6-v2) on the same labelled data, to show what pretraining on a billion sentence
 * pairs buys over a few CPU minutes of one's own.
 *
 * <p>The time budget is turned into step counts by timing a short pretraining probe first, so the
 * learning-rate schedules still end where they should.
 *
 * <pre>{@code
 * QuickstartResult r = Quickstart.run(QuickstartConfig.defaults(Path.of("quickstart")));
 * double gain = r.pretrainedTest().get("accuracy") - r.scratchTest().get("accuracy");
 * }</pre>
 */
public final class Quickstart {
  /** Examples per fine-tuning batch. */
  static final int BATCH = 32;

  /**
   * Examples per pretraining batch. A BERT-Tiny step over 128 short lines costs about twice one
   * over 32 (7.1 vs 14.2 steps/s on 2 cores, overhead-bound), so the same minutes see twice the
   * text.
   */
  static final int PRETRAIN_BATCH = 128;

  /**
   * Fine-tuning steps per pretraining step of the same wall-clock cost: the ratio of the batch
   * sizes, since time goes with the examples processed. (At 32 tokens a tiny model is
   * overhead-bound and the ratio is nearer 2, so short-text runs end a little past the budget; at
   * WordNet's 64 tokens, 2 left fine-tuning at two epochs.)
   */
  private static final double FINETUNE_STEPS_PER_PRETRAIN_STEP = (double) PRETRAIN_BATCH / BATCH;

  private static final int PROBE_STEPS = 12;
  private static final double PRETRAIN_LR = 2e-3;
  private static final double FINETUNE_LR = 1e-3;

  /**
   * Share of tokens the masked LM predicts. Twice BERT's 15%: on small corpora and budgets more
   * predictions per step learn faster (Wettig et al., 2023, "Should You Mask 15% in Masked Language
   * Modeling?"). In our PyTorch reference runs, 30% masking with batches of 64 reached masked-LM
   * accuracy 0.23 after 1,000 steps, against 0.14 for 15% with batches of 32.
   */
  static final double MASK_PROBABILITY = 0.3;

  /**
   * The classifier reads the [CLS] pooler, as Hugging Face's {@code BertForSequenceClassification}
   * does, so that the fine-tuned folders behave the same in Python. {@code finetune classify
   * --pooling mean} scores higher on short texts (BENCHMARKS.md, "Quickstart"), for both runs.
   */
  static final String POOLING = BertConfig.POOLING_CLS;

  private Quickstart() {}

  /** Runs everything; see the class comment. */
  public static QuickstartResult run(QuickstartConfig c) throws IOException {
    Bootstrap.engine();
    PrintStream log = c.log();
    long start = System.nanoTime();
    Path out = c.output();
    Files.createDirectories(out);

    log.println("== data");
    QuickstartData data = c.data().write(out.resolve("data"), c.seed());
    log.printf(
        Locale.ROOT,
        "%s: %s%ncorpus %,d lines; labelled train %,d, validation %,d, test %,d; %d labels%n",
        data.name(),
        data.description(),
        data.corpusLines(),
        data.sizes()[0],
        data.sizes()[1],
        data.sizes()[2],
        data.labels());

    log.println("== tokenizer");
    Path tokenizerDir = out.resolve("tokenizer");
    Tokenizer tokenizer =
        TokenizerTrainer.wordPiece(
            Corpus.files(List.of(data.corpus()), null),
            BertOptions.uncased(),
            org.transfer4j.tokenize.train.TrainerConfig.wordPiece(c.vocabSize()),
            Progress.none());
    tokenizer.save(tokenizerDir);
    log.printf(Locale.ROOT, "WordPiece: %,d tokens -> %s%n", tokenizer.vocabSize(), tokenizerDir);

    log.println("== pretraining");
    Path pretrainedDir = out.resolve("pretrained");
    double budget = c.minutes() * 60;
    boolean fixed = c.pretrainSteps() > 0 && c.epochs() > 0;
    double stepsPerSecond = fixed ? Double.NaN : probe(c, data, tokenizerDir, pretrainedDir);
    long pretrainSteps =
        c.pretrainSteps() > 0
            ? c.pretrainSteps()
            : Math.max(
                2 * PROBE_STEPS,
                (long) (budget * QuickstartConfig.PRETRAIN_SHARE * stepsPerSecond));
    if (!fixed) {
      log.printf(
          Locale.ROOT,
          "probe: %.2f steps/s; pretraining %,d steps of %d (%.1f min)%n",
          stepsPerSecond,
          pretrainSteps,
          PRETRAIN_BATCH,
          pretrainSteps / stepsPerSecond / 60);
    }
    long t0 = System.nanoTime();
    PretrainResult pretrained =
        Pretrainer.run(pretrainConfig(c, data, tokenizerDir, pretrainedDir, pretrainSteps, 0));
    double pretrainSeconds = seconds(t0);

    // The pretraining rate converts the budget into fine-tuning steps too (a fine-tuning batch is
    // a quarter of a pretraining batch); both runs get the same epochs.
    int batchesPerEpoch = (data.sizes()[0] + BATCH - 1) / BATCH;
    long finetuneSteps =
        (long)
            (budget
                * QuickstartConfig.FINETUNE_SHARE
                * stepsPerSecond
                * FINETUNE_STEPS_PER_PRETRAIN_STEP);
    int epochs =
        c.epochs() > 0
            ? c.epochs()
            : (int) Math.max(2, Math.min(60, finetuneSteps / batchesPerEpoch));
    log.println("== fine-tuning from the pretrained weights");
    t0 = System.nanoTime();
    FinetuneResult withPretraining =
        ClassificationTask.run(
            finetuneConfig(c, data, out.resolve("finetuned"), epochs, FINETUNE_LR)
                .pretrained(pretrainedDir)
                .build());
    double finetuneSeconds = seconds(t0);
    log.println("== fine-tuning from scratch (same model, steps and learning rate)");
    t0 = System.nanoTime();
    FinetuneResult fromScratch =
        ClassificationTask.run(
            finetuneConfig(c, data, out.resolve("scratch"), epochs, FINETUNE_LR)
                .fromScratch(Pretrainer.modelConfig(c.model()), tokenizerDir)
                .build());
    double scratchSeconds = seconds(t0);

    FinetuneResult builtin = null;
    double builtinSeconds = 0;
    int builtinEpochs = 0;
    if (c.builtinModel() != null) {
      builtinEpochs = c.epochs() > 0 ? c.epochs() : builtinEpochs(batchesPerEpoch, epochs);
      log.printf(
          Locale.ROOT,
          "== fine-tuning %s (pretrained on over a billion sentence pairs; its own tokenizer,"
              + " %d epochs)%n",
          c.builtinModel(),
          builtinEpochs);
      t0 = System.nanoTime();
      builtin =
          ClassificationTask.run(builtinConfig(c, data, out.resolve("builtin"), builtinEpochs));
      builtinSeconds = seconds(t0);
    }

    QuickstartResult result =
        new QuickstartResult(
            out,
            data,
            tokenizer.vocabSize(),
            c.model(),
            pretrained,
            pretrainSeconds,
            epochs,
            withPretraining,
            finetuneSeconds,
            fromScratch,
            scratchSeconds,
            c.builtinModel(),
            builtinEpochs,
            builtin,
            builtinSeconds,
            seconds(start));
    Summary.write(result, c);
    log.printf(Locale.ROOT, "quickstart done in %.0f s%n", result.totalSeconds());
    return result;
  }

  /**
   * Times a few pretraining steps into {@code dir} and returns updates per second (the trainer's
   * own {@code steps_per_s}); removes everything but the token cache, which the real run reuses.
   */
  private static double probe(QuickstartConfig c, QuickstartData data, Path tokenizer, Path dir)
      throws IOException {
    PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
    Pretrainer.run(
        pretrainConfig(c.withLog(quiet), data, tokenizer, dir, PROBE_STEPS, PROBE_STEPS / 2));
    double rate = lastStepsPerSecond(dir.resolve("metrics.jsonl"));
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (!p.getFileName().toString().equals(Pretrainer.CACHE)) {
          deleteTree(p);
        }
      }
    }
    return rate;
  }

  static double lastStepsPerSecond(Path metrics) throws IOException {
    double rate = Double.NaN;
    for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      JsonElement v = o.get("steps_per_s");
      if ("train".equals(o.get("type").getAsString()) && v != null && v.isJsonPrimitive()) {
        rate = v.getAsDouble();
      }
    }
    if (!(rate > 0)) {
      throw new IllegalStateException("the pretraining probe logged no steps_per_s in " + metrics);
    }
    return rate;
  }

  private static PretrainConfig pretrainConfig(
      QuickstartConfig c, QuickstartData data, Path tokenizer, Path dir, long steps, int probeLog) {
    TrainerConfig training =
        TrainerConfig.builder(dir)
            .epochs(0)
            .maxSteps(steps)
            .batchSize(PRETRAIN_BATCH)
            .lr(PRETRAIN_LR)
            .warmup(Warmup.ofFraction(0.06))
            .seed(c.seed())
            .logEvery(probeLog > 0 ? probeLog : 50)
            .plots(probeLog == 0)
            .build();
    return PretrainConfig.builder(List.of(data.corpus()), training)
        .tokenizer(tokenizer)
        .model(c.model())
        .maxLength(Integer.toString(c.maxLength()))
        .mlm(new MlmOptions(MASK_PROBABILITY, 0.8, 0.1, false))
        // Random batches, not length buckets: on short lines, batches of a single length learned
        // markedly slower (masked-LM accuracy 0.21 vs 0.26 after 800 steps on BANKING77).
        .bucketBatches(1)
        .log(c.log(), false)
        .build();
  }

  private static FinetuneConfig.Builder finetuneConfig(
      QuickstartConfig c, QuickstartData data, Path dir, int epochs, double lr) {
    TrainerConfig training =
        TrainerConfig.builder(dir)
            .epochs(epochs)
            .batchSize(BATCH)
            .lr(lr)
            .warmup(Warmup.ofFraction(0.1))
            .metric("accuracy", EarlyStopping.Mode.MAX)
            .seed(c.seed())
            .logEvery(50)
            .build();
    return FinetuneConfig.builder(training)
        .train(data.train())
        .validation(data.validation())
        .test(data.test())
        .maxLength(c.maxLength())
        .columns(ClassificationColumns.defaults())
        .pooling(POOLING)
        .log(c.log());
  }

  /**
   * Epochs of the built-in model's run: about {@value #BUILTIN_TARGET_STEPS} updates, and never
   * more epochs than the other two runs get. A model pretrained on a billion sentence pairs needs
   * few updates to fit a classifier (Hugging Face's default is 3 epochs over a large training set),
   * and each of its steps costs about 25 times a BERT-Tiny step (6 layers of width 384 against 2 of
   * 128), so the budget's epochs would overrun the time the others get.
   */
  static int builtinEpochs(int batchesPerEpoch, int otherEpochs) {
    int e = (BUILTIN_TARGET_STEPS + batchesPerEpoch - 1) / batchesPerEpoch;
    return Math.max(1, Math.min(e, otherEpochs));
  }

  /** Updates the built-in model's run aims at ({@link #builtinEpochs}). */
  static final int BUILTIN_TARGET_STEPS = 150;

  /**
   * Fine-tuning learning rate of the built-in model: the upper end of the range BERT's authors
   * searched (Devlin et al., 2019: 2e-5 to 5e-5) doubled, because a freshly initialised 77-class
   * head on 10 texts per class needs larger steps than the encoder.
   */
  static final double BUILTIN_LR = 1e-4;

  private static FinetuneConfig builtinConfig(
      QuickstartConfig c, QuickstartData data, Path dir, int epochs) {
    return finetuneConfig(c, data, dir, epochs, BUILTIN_LR)
        .pretrained(ModelFolders.resolve(c.builtinModel()))
        // Sentence-transformers trained this model's mean-pooled vectors; it has no pooler.
        .pooling(BertConfig.POOLING_MEAN)
        .build();
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
