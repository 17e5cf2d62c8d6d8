package org.transfer4j.pretrain;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.transfer4j.BadInputException;
import org.transfer4j.data.PackedBlocks;
import org.transfer4j.data.TokenCache;
import org.transfer4j.data.TokenEncoder;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.gpt2.Gpt2Config;
import org.transfer4j.model.gpt2.Gpt2LMHeadModel;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.tokenize.train.Corpus;
import org.transfer4j.tokenize.train.Progress;
import org.transfer4j.tokenize.train.TokenizerTrainer;
import org.transfer4j.tokenize.train.TrainerConfig;
import org.transfer4j.train.BatchSource;
import org.transfer4j.train.RunFolder;
import org.transfer4j.train.Trainer;

/**
 * Causal language modelling of GPT-2 from raw text, as a library call: trains a byte-level BPE on
 * the corpus when no tokenizer is given, tokenizes the corpus once into a memory-mapped cache
 * ({@code OUTPUT/cache}), packs the documents into blocks with {@code <|endoftext|>} between them
 * ({@link PackedBlocks}), and trains {@code GPT2LMHeadModel} under the {@link Trainer} (schedules,
 * clipping, accumulation, resume, logs, plots) with validation perplexity. The output folder ends
 * up a Hugging Face model folder that {@code generate} and {@code transformers} load.
 *
 * <pre>{@code
 * ClmResult r = ClmTrainer.run(ClmConfig.scratch(List.of(Path.of("corpus.txt")), "gpt2-tiny",
 *     null, 2000, TrainerConfig.builder(Path.of("my-gpt")).epochs(3).lr(1e-3).build()));
 * System.out.println(r.validationPerplexity() + " vs unigram " + r.unigramPerplexity());
 * }</pre>
 */
public final class ClmTrainer {
  /** The token cache folders inside the output directory. */
  public static final String CACHE = "cache";

  public static final String VALIDATION_CACHE = "cache-validation";

  private ClmTrainer() {}

  /** Runs the whole pipeline; see the class comment. */
  public static ClmResult run(ClmConfig config) throws IOException {
    // Before the claim, which creates the folder to hold its lock.
    boolean outExisted = Files.exists(config.output());
    List<Path> inputs = new java.util.ArrayList<>();
    inputs.add(config.tokenizer());
    inputs.add(config.initFrom());
    try (RunFolder folder =
        RunFolder.claim(
            config.output(), config.training().resume(), config.training().overwrite(), inputs)) {
      return runClaimed(config, outExisted);
    }
  }

  private static ClmResult runClaimed(ClmConfig config, boolean outExisted) throws IOException {
    Bootstrap.engine();
    Path out = config.output();
    boolean[] training = {false};
    try {
      return run(config, training);
    } catch (IOException | RuntimeException e) {
      // An input error found before training leaves nothing behind.
      if (!training[0] && !outExisted) {
        Pretrainer.deleteTree(out);
      }
      throw e;
    }
  }

  private static ClmResult run(ClmConfig config, boolean[] training) throws IOException {
    PrintStream log = config.log();
    Path out = config.output();
    Tokenizer tokenizer = tokenizer(config);
    Tokenizer plain = tokenizer.withTruncation(null).withPadding(null);
    String fingerprint =
        TokenCache.fingerprint(tokenizer.toJson().getBytes(StandardCharsets.UTF_8));
    TokenEncoder encoder = text -> plain.encode(text, null, false).ids();
    try (NDManager manager = NDManager.newBaseManager();
        TokenCache cache =
            TokenCache.openOrBuild(out.resolve(CACHE), config.corpus(), encoder, fingerprint, 0);
        TokenCache validationCache =
            config.validation().isEmpty()
                ? null
                : TokenCache.openOrBuild(
                    out.resolve(VALIDATION_CACHE), config.validation(), encoder, fingerprint, 0)) {
      Bootstrap.seed(config.training().seed());
      Gpt2LMHeadModel model = model(config, tokenizer, manager);
      Gpt2Config g = model.config();
      int blockSize = config.blockSize() > 0 ? config.blockSize() : Math.min(g.nPositions(), 128);
      if (blockSize > g.nPositions()) {
        throw new BadInputException(
            "--block-size "
                + blockSize
                + " exceeds the model's n_positions "
                + g.nPositions()
                + "; lower it");
      }
      int eos = g.eosTokenId();
      PackedBlocks train = new PackedBlocks(cache, eos, blockSize);
      PackedBlocks valid =
          validationCache == null ? train : new PackedBlocks(validationCache, eos, blockSize);
      long validCount;
      long trainCount;
      long validFirst;
      if (validationCache == null) {
        if (train.blocks() < 2) {
          throw new BadInputException(tooShort("corpus " + config.corpus(), train, blockSize));
        }
        validCount = Math.max(1, Math.round(train.blocks() * config.validationSplit()));
        trainCount = train.blocks() - validCount;
        validFirst = trainCount;
      } else {
        if (valid.blocks() < 1) {
          throw new BadInputException(
              tooShort("validation " + config.validation(), valid, blockSize));
        }
        if (train.blocks() < 1) {
          throw new BadInputException(tooShort("corpus " + config.corpus(), train, blockSize));
        }
        trainCount = train.blocks();
        validCount = valid.blocks();
        validFirst = 0;
      }
      log.printf(
          Locale.ROOT,
          "token cache %s: %,d lines, %,d tokens; %,d training and %,d validation blocks of %d"
              + " tokens (documents joined by end-of-text, id %d)%n",
          cache.dir(),
          cache.lines(),
          cache.tokens(),
          trainCount,
          validCount,
          blockSize,
          eos);
      double unigram =
          unigramPerplexity(train, trainCount, valid, validFirst, validCount, g.vocabSize());
      log.printf(
          Locale.ROOT,
          "model: GPT2LMHeadModel L=%d H=%d A=%d, vocabulary %,d, %,d parameters; unigram"
              + " perplexity of the validation blocks: %.2f%n",
          g.nLayer(),
          g.nEmbd(),
          g.nHead(),
          g.vocabSize(),
          model.parameterCount(),
          unigram);
      int batch = config.training().batchSize();
      BatchSource<long[][]> trainBatches =
          BatchSource.shuffled((int) trainCount, batch, true, idx -> rows(train, 0, idx));
      BatchSource<long[][]> validBatches =
          BatchSource.shuffled((int) validCount, batch, false, idx -> rows(valid, validFirst, idx));
      CausalLmObjective objective = new CausalLmObjective(model);
      long t0 = System.nanoTime();
      training[0] = true;
      Trainer.Result result;
      try (Trainer<long[][]> trainer =
          Trainer.builder(model, objective, trainBatches, config.training())
              .validation(validBatches, CausalLmObjective.Perplexity::new)
              .saver(new HfFolderSaver(model, tokenizer))
              .progress(log, config.redraw())
              .build()) {
        result = trainer.fit();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Pretrainer.publish(result.finalModel(), out);
      double perplexity =
          result.evaluations().isEmpty()
              ? Double.NaN
              : result
                  .evaluations()
                  .get(result.evaluations().size() - 1)
                  .metrics()
                  .getOrDefault("perplexity", Double.NaN);
      double trainedTokens = (double) result.steps() * batch * blockSize;
      double tokensPerSecond = trainedTokens / seconds;
      log.printf(
          Locale.ROOT,
          "causal LM done: %d steps, validation perplexity %.3f (unigram %.2f), %.0f tokens/s"
              + " over the run (evaluations included)%n",
          result.steps(),
          perplexity,
          unigram,
          tokensPerSecond);
      log.println("model folder: " + out);
      return new ClmResult(
          out,
          result.steps(),
          perplexity,
          unigram,
          tokensPerSecond,
          blockSize,
          trainCount,
          validCount);
    }
  }

  private static long[][] rows(PackedBlocks blocks, long first, int[] idx) {
    long[][] rows = new long[idx.length][blocks.blockSize()];
    for (int i = 0; i < idx.length; i++) {
      blocks.read(first + idx[i], rows[i]);
    }
    return rows;
  }

  private static String tooShort(String what, PackedBlocks blocks, int blockSize) {
    return String.format(
        Locale.ROOT,
        "%s holds %,d tokens with end-of-text: too few for %s blocks of %d; add text or lower"
            + " --block-size",
        what,
        blocks.streamTokens(),
        what.startsWith("corpus") ? "two" : "one",
        blockSize);
  }

  /**
   * exp of the mean negative log-likelihood of the validation blocks' tokens (the first of each
   * block excluded, as the model never predicts it) under add-one smoothed token frequencies of the
   * training blocks: what a model that ignores context achieves.
   */
  static double unigramPerplexity(
      PackedBlocks train,
      long trainCount,
      PackedBlocks valid,
      long validFirst,
      long validCount,
      int vocab) {
    long[] counts = new long[vocab];
    long[] block = new long[train.blockSize()];
    long total = 0;
    for (long b = 0; b < trainCount; b++) {
      train.read(b, block);
      for (long t : block) {
        counts[(int) t]++;
      }
      total += block.length;
    }
    double nll = 0;
    long n = 0;
    for (long b = validFirst; b < validFirst + validCount; b++) {
      valid.read(b, block);
      for (int i = 1; i < block.length; i++) {
        nll -= Math.log((counts[(int) block[i]] + 1.0) / (total + vocab));
        n++;
      }
    }
    return Math.exp(nll / n);
  }

  private static Gpt2LMHeadModel model(ClmConfig config, Tokenizer tokenizer, NDManager manager)
      throws IOException {
    if (config.initFrom() != null) {
      Gpt2LMHeadModel m = HfModels.load(config.initFrom(), Gpt2LMHeadModel.class, manager);
      if (tokenizer.vocabSize() > m.config().vocabSize()) {
        throw new BadInputException(
            "the tokenizer of "
                + config.initFrom()
                + " has "
                + tokenizer.vocabSize()
                + " tokens but the model only "
                + m.config().vocabSize()
                + "; the folder's tokenizer and model do not belong together");
      }
      return m;
    }
    int eos = tokenizer.tokenToId(TrainerConfig.END_OF_TEXT);
    if (eos < 0) {
      throw new BadInputException(
          "the tokenizer has no "
              + TrainerConfig.END_OF_TEXT
              + " token to separate documents; use a GPT-2 style tokenizer or --vocab-size");
    }
    Gpt2Config c = modelConfig(config.model()).withVocabulary(tokenizer.vocabSize(), eos);
    return HfModels.create(c, Gpt2LMHeadModel.class, manager);
  }

  /** A preset ({@link Gpt2Config#PRESETS}) or a {@code config.json} file or folder. */
  public static Gpt2Config modelConfig(String model) throws IOException {
    String m = model == null ? "gpt2-mini" : model.strip();
    if (Gpt2Config.PRESETS.contains(m)) {
      return Gpt2Config.preset(m);
    }
    Path p = Path.of(m);
    if (!Files.exists(p)) {
      throw new BadInputException(
          "--config "
              + model
              + " is neither a preset ("
              + String.join(", ", Gpt2Config.PRESETS)
              + ") nor an existing config.json");
    }
    return Gpt2Config.read(p);
  }

  private static Tokenizer tokenizer(ClmConfig config) throws IOException {
    PrintStream log = config.log();
    for (Path f : config.corpus()) {
      if (!Files.exists(f)) {
        throw new BadInputException("--corpus " + f + " does not exist");
      }
    }
    if (config.initFrom() != null) {
      Path dir = config.initFrom();
      if (!Files.isRegularFile(dir.resolve("tokenizer.json"))
          && !Files.isRegularFile(dir.resolve("vocab.json"))) {
        throw new BadInputException(
            dir
                + " has no tokenizer.json (nor vocab.json + merges.txt): the folder's tokenizer"
                + " is needed to continue training it");
      }
      return Tokenizer.load(dir);
    }
    if (config.tokenizer() != null) {
      if (!Files.exists(config.tokenizer())) {
        throw new BadInputException(
            "--tokenizer " + config.tokenizer() + " does not exist; give a tokenizer folder");
      }
      Tokenizer t = Tokenizer.load(config.tokenizer());
      log.printf(Locale.ROOT, "tokenizer %s: %,d tokens%n", config.tokenizer(), t.vocabSize());
      return t;
    }
    Path saved = config.output().resolve("tokenizer.json");
    if (config.training().resume() != null && Files.isRegularFile(saved)) {
      return Tokenizer.load(saved);
    }
    log.printf(
        Locale.ROOT, "training a byte-level BPE tokenizer of %,d tokens%n", config.vocabSize());
    Tokenizer t;
    try {
      t =
          TokenizerTrainer.byteLevelBpe(
              Corpus.files(config.corpus(), null),
              null,
              TrainerConfig.byteLevelBpe(config.vocabSize()),
              Progress.to(log));
    } catch (BadInputException e) {
      throw new BadInputException("corpus " + config.corpus() + ": " + e.getMessage(), e);
    }
    Files.createDirectories(config.output());
    t.save(config.output());
    log.printf(Locale.ROOT, "tokenizer: %,d tokens%n", t.vocabSize());
    return t;
  }
}
