package org.transfer4j.pretrain;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.transfer4j.BadInputException;
import org.transfer4j.data.LengthHistogram;
import org.transfer4j.data.LengthRules;
import org.transfer4j.data.MaxLengthChoice;
import org.transfer4j.data.PretrainingBatch;
import org.transfer4j.data.PretrainingDataset;
import org.transfer4j.data.SpecialTokens;
import org.transfer4j.data.TokenCache;
import org.transfer4j.data.TokenEncoder;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.bert.BertForPreTraining;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.tokenize.train.Corpus;
import org.transfer4j.tokenize.train.Progress;
import org.transfer4j.tokenize.train.TokenizerTrainer;
import org.transfer4j.train.Checkpoints;
import org.transfer4j.train.DataFingerprint;
import org.transfer4j.train.RunFolder;
import org.transfer4j.train.Trainer;
import org.transfer4j.train.TrainerState;

/**
 * BERT pretraining from raw text, as a library call: optionally trains a WordPiece tokenizer on the
 * corpus, tokenizes the corpus once into a memory-mapped cache ({@code OUTPUT/cache}), chooses the
 * sequence length from the length distribution, and trains {@code BertForPreTraining} with masked
 * LM + sentence-order prediction ({@link PretrainingObjective}) under the {@link Trainer}
 * (progress, JSONL, TensorBoard, plots, checkpoints, resume). The output directory ends up a
 * Hugging Face model folder: {@code config.json} ({@code architectures: [BertForPreTraining]}),
 * {@code model.safetensors}, {@code tokenizer.json} and {@code vocab.txt}.
 *
 * <p>Input errors found before training (empty corpus, no line long enough, a bad {@code
 * --max-length}) throw {@link BadInputException} and leave nothing behind in the output directory.
 *
 * <pre>{@code
 * PretrainResult r = Pretrainer.run(PretrainConfig.builder(List.of(Path.of("corpus.txt")),
 *         TrainerConfig.builder(Path.of("my-bert")).epochs(1).lr(1e-3).build())
 *     .vocabSize(8000).model("mini").build());
 * PretrainedModel m = HfModels.load(r.modelDir(), manager);
 * }</pre>
 */
public final class Pretrainer {
  /** The token cache folder inside the output directory. */
  public static final String CACHE = "cache";

  private static final List<String> NOT_MODEL_FILES =
      List.of(TrainerState.FILE, Checkpoints.OPTIMIZER);

  private Pretrainer() {}

  /** Runs the whole pipeline; see the class comment. */
  public static PretrainResult run(PretrainConfig config) throws IOException {
    java.util.List<Path> inputs = new ArrayList<>();
    inputs.add(config.tokenizer());
    try (RunFolder folder =
        RunFolder.claim(
            config.output(), config.training().resume(), config.training().overwrite(), inputs)) {
      return runClaimed(config);
    }
  }

  private static PretrainResult runClaimed(PretrainConfig config) throws IOException {
    Bootstrap.engine();
    PrintStream log = config.log();
    Path out = config.output();
    boolean outExisted = Files.exists(out);
    Path cacheDir = out.resolve(CACHE);
    boolean cacheExisted = Files.exists(cacheDir);
    Prepared p;
    try {
      p = prepare(config);
    } catch (IOException | RuntimeException e) {
      // Nothing half written: remove what this run created before failing.
      if (!outExisted) {
        deleteTree(out);
      } else if (!cacheExisted) {
        deleteTree(cacheDir);
      }
      throw e;
    }
    try (TokenCache cache = p.cache;
        NDManager manager = NDManager.newBaseManager()) {
      if (config.vocabSize() != null) {
        p.tokenizer.save(out); // a resumed run reuses it
      }
      Bootstrap.seed(config.training().seed());
      BertForPreTraining model = HfModels.create(p.bert, BertForPreTraining.class, manager);
      log.printf(
          Locale.ROOT,
          "model: BertForPreTraining L=%d H=%d A=%d, vocabulary %,d, %,d parameters%n",
          p.bert.numHiddenLayers(),
          p.bert.hiddenSize(),
          p.bert.numAttentionHeads(),
          p.bert.vocabSize(),
          model.parameterCount());
      PretrainingObjective objective =
          new PretrainingObjective(model, config.mlmWeight(), config.sopWeight());
      long t0 = System.nanoTime();
      Trainer.Result result;
      try (Trainer<PretrainingBatch> trainer =
          Trainer.builder(
                  model,
                  objective,
                  new PretrainingBatches(p.dataset),
                  config.training().toBuilder()
                      .dataFingerprint(DataFingerprint.of(config.corpus()))
                      .build())
              .saver(new HfFolderSaver(model, p.tokenizer))
              .progress(log, config.redraw())
              .build()) {
        result = trainer.fit();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      publish(result.finalModel(), out);
      List<Double> losses = new ArrayList<>();
      result.history().forEach(s -> losses.add(s.loss()));
      Map<String, Double> metrics = new LinkedHashMap<>();
      int tail = Math.min(20, losses.size());
      double mean = 0;
      for (int i = losses.size() - tail; i < losses.size(); i++) {
        mean += losses.get(i) / tail;
      }
      metrics.put("loss", tail == 0 ? Double.NaN : mean);
      metrics.putAll(objective.recentMetrics());
      metrics.put("tokens_per_s", objective.trainedTokens() / seconds);
      log.printf(Locale.ROOT, "pretraining done: %d steps, %s%n", result.steps(), format(metrics));
      log.println("model folder: " + out);
      return new PretrainResult(
          out, result.steps(), losses, metrics, p.choice.maxLength(), p.dataset.examples());
    }
  }

  private record Prepared(
      Tokenizer tokenizer,
      BertConfig bert,
      TokenCache cache,
      MaxLengthChoice choice,
      PretrainingDataset dataset) {}

  private static Prepared prepare(PretrainConfig config) throws IOException {
    PrintStream log = config.log();
    Path out = config.output();
    Tokenizer tokenizer = tokenizer(config);
    SpecialTokens specials = SpecialTokens.fromVocab(tokenizer::tokenToId, tokenizer.vocabSize());
    BertConfig bert = modelConfig(config.model()).withVocabSize(tokenizer.vocabSize());
    String fingerprint =
        TokenCache.fingerprint(tokenizer.toJson().getBytes(StandardCharsets.UTF_8));
    // Whole lines, never padded: a tokenizer.json may carry truncation or padding settings.
    Tokenizer plain = tokenizer.withTruncation(null).withPadding(null);
    TokenEncoder encoder = text -> plain.encode(text, null, false).ids();
    TokenCache cache =
        TokenCache.openOrBuild(out.resolve(CACHE), config.corpus(), encoder, fingerprint, 0);
    try {
      log.printf(
          Locale.ROOT,
          "token cache %s: %,d lines, %,d tokens%n",
          cache.dir(),
          cache.lines(),
          cache.tokens());
      LengthHistogram lengths = cache.lengthHistogram();
      MaxLengthChoice choice =
          LengthRules.resolveMaxLength(config.maxLength(), lengths, bert.maxPositionEmbeddings());
      log.print(choice.report());
      int minLength =
          config.minLength() != null
              ? config.minLength()
              : Math.max(2, LengthRules.minLength(config.mlm().maskProbability(), 0.5));
      PretrainingDataset.Options options =
          new PretrainingDataset.Options(
              choice.maxLength(),
              minLength,
              config.training().batchSize(),
              config.training().seed(),
              config.bucketBatches(),
              config.swapProbability(),
              config.mlm());
      PretrainingDataset dataset = new PretrainingDataset(cache, specials, options);
      log.printf(
          Locale.ROOT,
          "min length: %d tokens (P(at least one masked) >= 0.5 at rate %.2f); %,d examples per"
              + " epoch, %,d shorter lines skipped, %,d batches of %d%n",
          minLength,
          config.mlm().maskProbability(),
          dataset.examples(),
          dataset.skippedShort(),
          dataset.batchesPerEpoch(),
          config.training().batchSize());
      return new Prepared(tokenizer, bert, cache, choice, dataset);
    } catch (RuntimeException e) {
      cache.close();
      throw e;
    }
  }

  private static Tokenizer tokenizer(PretrainConfig config) throws IOException {
    PrintStream log = config.log();
    if (config.tokenizer() != null) {
      if (!Files.exists(config.tokenizer())) {
        throw new BadInputException(
            "--tokenizer "
                + config.tokenizer()
                + " does not exist; give a folder with tokenizer.json or vocab.txt");
      }
      Tokenizer t = Tokenizer.load(config.tokenizer());
      log.printf(Locale.ROOT, "tokenizer %s: %,d tokens%n", config.tokenizer(), t.vocabSize());
      return t;
    }
    Path saved = config.output().resolve("tokenizer.json");
    if (config.training().resume() != null && Files.isRegularFile(saved)) {
      Tokenizer t = Tokenizer.load(saved);
      log.printf(Locale.ROOT, "resuming: tokenizer %s (%,d tokens)%n", saved, t.vocabSize());
      return t;
    }
    log.printf(Locale.ROOT, "training a WordPiece tokenizer of %,d tokens%n", config.vocabSize());
    Tokenizer t;
    try {
      t =
          TokenizerTrainer.wordPiece(
              Corpus.files(config.corpus(), null),
              config.bertOptions(),
              org.transfer4j.tokenize.train.TrainerConfig.wordPiece(config.vocabSize())
                  .withMinFrequency(config.minFrequency()),
              Progress.to(log));
    } catch (BadInputException e) {
      throw new BadInputException("corpus " + config.corpus() + ": " + e.getMessage(), e);
    }
    log.printf(Locale.ROOT, "tokenizer: %,d tokens%n", t.vocabSize());
    return t;
  }

  /**
   * A preset ({@code tiny mini small medium base}) or a {@code config.json} file or folder; the
   * vocabulary size is replaced by the tokenizer's.
   */
  public static BertConfig modelConfig(String model) throws IOException {
    String m = model.strip();
    if (List.of("tiny", "mini", "small", "medium", "base").contains(m)) {
      return BertConfig.preset(m);
    }
    Path p = Path.of(m);
    if (!Files.exists(p)) {
      throw new BadInputException(
          "--config "
              + model
              + " is neither a preset (tiny, mini, small, medium, base) nor an existing"
              + " config.json");
    }
    return BertConfig.read(p);
  }

  /**
   * Makes the output directory the model folder: the final checkpoint's model and tokenizer files
   * (not its optimizer and trainer state), hard-linked when possible, each moved into place.
   */
  static void publish(Path finalDir, Path out) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(finalDir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (NOT_MODEL_FILES.contains(name)) {
        continue;
      }
      Path tmp = out.resolve("." + name + ".partial");
      Files.deleteIfExists(tmp);
      try {
        Files.createLink(tmp, f);
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(f, tmp);
      }
      Files.move(tmp, out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String format(Map<String, Double> metrics) {
    StringBuilder b = new StringBuilder();
    metrics.forEach(
        (k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(fmt(v)));
    return b.toString();
  }

  private static String fmt(double v) {
    return Math.abs(v) >= 100
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.4f", v);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
