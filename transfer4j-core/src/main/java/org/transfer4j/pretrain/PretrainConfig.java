package org.transfer4j.pretrain;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.transfer4j.data.MlmOptions;
import org.transfer4j.tokenize.BertOptions;
import org.transfer4j.train.TrainerConfig;

/**
 * What {@link Pretrainer#run} needs. Exactly one of {@code tokenizer} (an existing tokenizer folder
 * or file) and {@code vocabSize} (train a WordPiece tokenizer on the corpus first) is set. The run
 * directory, batch size, steps, optimizer and seed come from {@code training}.
 *
 * <pre>{@code
 * PretrainConfig c = PretrainConfig.builder(List.of(Path.of("corpus.txt")),
 *         TrainerConfig.builder(Path.of("my-bert")).epochs(1).lr(1e-3).build())
 *     .vocabSize(8000).model("mini").build();
 * PretrainResult r = Pretrainer.run(c);
 * }</pre>
 *
 * @param corpus text files or folders, one document or sentence per line
 * @param tokenizer a tokenizer folder or {@code tokenizer.json}/{@code vocab.txt}, or null
 * @param vocabSize WordPiece vocabulary size to train, or null
 * @param bertOptions lowercasing and accent stripping of a trained tokenizer
 * @param minFrequency minimum pair frequency of a trained tokenizer
 * @param model a preset ({@code tiny mini small medium base}) or a {@code config.json} path
 * @param maxLength {@code auto} or a number of tokens, specials included
 * @param minLength minimum line length in tokens, or null for {@link
 *     org.transfer4j.data.LengthRules#minLength} at the masking rate
 * @param mlm masking rates
 * @param swapProbability sentence-order swap probability
 * @param bucketBatches length bucketing: batches per length-sorted chunk (1 = random batches, more
 *     = less padding but batches of one length)
 * @param mlmWeight weight of the masked-LM loss
 * @param sopWeight weight of the sentence-order loss
 * @param training the trainer's config (its output is the run and model folder)
 * @param log where messages and the progress bar go
 * @param redraw redraw the progress bar in place (a terminal) instead of printing lines
 */
public record PretrainConfig(
    List<Path> corpus,
    Path tokenizer,
    Integer vocabSize,
    BertOptions bertOptions,
    long minFrequency,
    String model,
    String maxLength,
    Integer minLength,
    MlmOptions mlm,
    double swapProbability,
    int bucketBatches,
    double mlmWeight,
    double sopWeight,
    TrainerConfig training,
    PrintStream log,
    boolean redraw) {
  public PretrainConfig {
    corpus = List.copyOf(corpus);
    Objects.requireNonNull(bertOptions, "bertOptions");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(mlm, "mlm");
    if (bucketBatches < 1) {
      throw new org.transfer4j.BadInputException(
          "--bucket-batches must be at least 1, got " + bucketBatches);
    }
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(log, "log");
    if (corpus.isEmpty()) {
      throw new IllegalArgumentException(
          "no corpus given: pass at least one text file or folder (--corpus)");
    }
    if ((tokenizer == null) == (vocabSize == null)) {
      throw new IllegalArgumentException(
          "give exactly one of --tokenizer DIR (use a tokenizer) and --vocab-size N (train one)");
    }
    if (vocabSize != null && vocabSize < 6) {
      throw new IllegalArgumentException("--vocab-size must be at least 6, got " + vocabSize);
    }
    if (minLength != null && minLength < 2) {
      throw new IllegalArgumentException("--min-length must be at least 2, got " + minLength);
    }
    if (!(swapProbability >= 0 && swapProbability <= 1)) {
      throw new IllegalArgumentException(
          "--sop-swap-probability must be in [0, 1], got " + swapProbability);
    }
    if (!(mlmWeight >= 0) || !(sopWeight >= 0) || mlmWeight + sopWeight <= 0) {
      throw new IllegalArgumentException(
          "--mlm-weight and --sop-weight must be >= 0 and not both 0");
    }
    if (!(mlm.maskProbability() > 0)) {
      throw new IllegalArgumentException("--mlm-probability must be > 0 for pretraining");
    }
  }

  /** The run directory (= the output model folder). */
  public Path output() {
    return training.output();
  }

  public static Builder builder(List<Path> corpus, TrainerConfig training) {
    return new Builder(corpus, training);
  }

  /** Defaults: preset {@code mini}, {@code --max-length auto}, BERT masking, SOP 0.5, 0.5/0.5. */
  public static final class Builder {
    private final List<Path> corpus;
    private final TrainerConfig training;
    private Path tokenizer;
    private Integer vocabSize;
    private BertOptions bertOptions = BertOptions.uncased();
    private long minFrequency = 2;
    private String model = "mini";
    private String maxLength = "auto";
    private Integer minLength;
    private MlmOptions mlm = MlmOptions.defaults();
    private double swapProbability = 0.5;
    private int bucketBatches = 50;
    private double mlmWeight = 0.5;
    private double sopWeight = 0.5;
    private PrintStream log = System.err;
    private boolean redraw;

    private Builder(List<Path> corpus, TrainerConfig training) {
      this.corpus = corpus;
      this.training = training;
    }

    public Builder tokenizer(Path v) {
      tokenizer = v;
      return this;
    }

    public Builder vocabSize(Integer v) {
      vocabSize = v;
      return this;
    }

    public Builder bertOptions(BertOptions v) {
      bertOptions = v;
      return this;
    }

    public Builder minFrequency(long v) {
      minFrequency = v;
      return this;
    }

    public Builder model(String v) {
      model = v;
      return this;
    }

    public Builder maxLength(String v) {
      maxLength = v;
      return this;
    }

    public Builder minLength(Integer v) {
      minLength = v;
      return this;
    }

    public Builder mlm(MlmOptions v) {
      mlm = v;
      return this;
    }

    public Builder swapProbability(double v) {
      swapProbability = v;
      return this;
    }

    /** Batches per length-sorted chunk; 1 = random batches. */
    public Builder bucketBatches(int v) {
      bucketBatches = v;
      return this;
    }

    public Builder weights(double mlm, double sop) {
      mlmWeight = mlm;
      sopWeight = sop;
      return this;
    }

    public Builder log(PrintStream v, boolean redrawProgress) {
      log = v;
      redraw = redrawProgress;
      return this;
    }

    public PretrainConfig build() {
      return new PretrainConfig(
          corpus,
          tokenizer,
          vocabSize,
          bertOptions,
          minFrequency,
          model,
          maxLength,
          minLength,
          mlm,
          swapProbability,
          bucketBatches,
          mlmWeight,
          sopWeight,
          training,
          log,
          redraw);
    }
  }
}
