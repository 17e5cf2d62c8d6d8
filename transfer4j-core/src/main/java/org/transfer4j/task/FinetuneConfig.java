package org.transfer4j.task;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;
import org.transfer4j.BadInputException;
import org.transfer4j.data.ClassificationColumns;
import org.transfer4j.eval.TagScheme;
import org.transfer4j.model.ModelConfig;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.train.TrainerConfig;

/**
 * One fine-tuning run: where the encoder comes from (a pretrained Hugging Face folder, or a fresh
 * config to measure what pretraining buys), the tokenizer, the data splits, the training loop's
 * config (its {@code output} is the run's output folder) and the task options.
 *
 * <pre>{@code
 * FinetuneConfig c = FinetuneConfig.builder(TrainerConfig.builder(Path.of("out")).epochs(3).build())
 *     .pretrained(Path.of("my-bert"))                 // or .fromScratch(BertConfig.mini(), tokDir)
 *     .train(Path.of("train.csv")).validation(Path.of("dev.csv")).test(Path.of("test.csv"))
 *     .columns(new ClassificationColumns("text", null, "category"))
 *     .build();
 * }</pre>
 *
 * @param trainer the training loop; {@code trainer.output()} is the output folder
 * @param pretrained a Hugging Face model folder, or null with {@code scratch}
 * @param scratch a config to initialise from scratch (its vocabulary size is set from the
 *     tokenizer), or null with {@code pretrained}
 * @param tokenizer the tokenizer folder or file; null = the pretrained folder
 * @param train training split
 * @param validation validation split (early stopping, best checkpoint)
 * @param test test split, or null
 * @param maxLength tokens per input, specials included (capped by the model's positions)
 * @param columns classification columns / JSONL keys
 * @param multiLabel force a multi-label (sigmoid) head even when every example has one label
 * @param threshold multi-label decision threshold
 * @param pooling sequence classification's sentence vector: {@code cls} (the pooler, as Hugging
 *     Face's BERT) or {@code mean} (the mean over real tokens; BERT models only), or null = the
 *     pretrained config's {@code classifier_pooling} ({@code cls} when absent)
 * @param tagColumn CoNLL tag column (0-based, -1 = last)
 * @param scheme tag scheme for span scoring
 * @param evalBatchSize batch size for evaluation and prediction
 * @param log where the load report, reports and messages go
 * @param crf a CRF on a BERT token classifier ({@code BertCrfForTokenClassification})
 * @param crfConstraints forbid the scheme's invalid transitions in that CRF
 * @param tagger a BiLSTM tagger on word vectors instead of a pretrained encoder, or null
 * @param wordModel a word-vector classifier (DAN, BiLSTM, CNN) instead of a pretrained encoder, or
 *     null
 * @param onnxExport write {@code model.onnx} beside the best model at the end (BERT, DistilBERT),
 *     so prediction and serving start on ONNX Runtime without exporting first
 */
public record FinetuneConfig(
    TrainerConfig trainer,
    Path pretrained,
    ModelConfig scratch,
    Path tokenizer,
    Path train,
    Path validation,
    Path test,
    int maxLength,
    ClassificationColumns columns,
    boolean multiLabel,
    double threshold,
    String pooling,
    int tagColumn,
    TagScheme scheme,
    int evalBatchSize,
    PrintStream log,
    WordModelOptions wordModel,
    TaggerOptions tagger,
    boolean crf,
    boolean crfConstraints,
    boolean onnxExport) {
  public FinetuneConfig {
    Objects.requireNonNull(trainer, "trainer");
    if (wordModel != null && tagger != null) {
      throw new IllegalArgumentException("a word classifier or a word tagger, not both");
    }
    if (tagger != null) {
      if (pretrained != null || scratch != null || tokenizer != null) {
        throw new BadInputException(
            "--arch "
                + tagger.arch()
                + " trains a tagger on word vectors (--vectors FILE) with its own vocabulary;"
                + " drop --model, --from-scratch and --tokenizer");
      }
    } else if (wordModel != null) {
      if (pretrained != null || scratch != null || tokenizer != null) {
        throw new BadInputException(
            "--arch "
                + wordModel.arch()
                + " trains on word vectors (--vectors FILE) with its own word vocabulary; drop"
                + " --model, --from-scratch and --tokenizer");
      }
    } else if ((pretrained == null) == (scratch == null)) {
      throw new BadInputException(
          "give either a pretrained model folder (--model DIR) or --from-scratch, not "
              + (pretrained == null ? "neither" : "both"));
    }
    if (pretrained == null && tokenizer == null && wordModel == null && tagger == null) {
      throw new BadInputException("--from-scratch needs --tokenizer DIR");
    }
    if (train == null) {
      throw new BadInputException("--train FILE is required");
    }
    if (validation == null) {
      throw new BadInputException("--validation FILE is required");
    }
    if (maxLength < 4) {
      throw new BadInputException("--max-length must be at least 4, got " + maxLength);
    }
    if (!(threshold > 0 && threshold < 1)) {
      throw new BadInputException("--threshold must be in (0, 1), got " + threshold);
    }
    if (pooling != null
        && !pooling.equals(BertConfig.POOLING_CLS)
        && !pooling.equals(BertConfig.POOLING_MEAN)) {
      throw new BadInputException("--pooling must be cls or mean, got '" + pooling + "'");
    }
    if (evalBatchSize <= 0) {
      throw new BadInputException("the evaluation batch size must be positive");
    }
    if (columns == null) {
      columns = ClassificationColumns.defaults();
    }
    if (scheme == null) {
      scheme = TagScheme.IOB2;
    }
    if (log == null) {
      log = System.err;
    }
  }

  /** The output folder (the trainer's run directory). */
  public Path output() {
    return trainer.output();
  }

  /** The tokenizer location: {@code tokenizer}, else the pretrained folder. */
  public Path tokenizerPath() {
    return tokenizer != null ? tokenizer : pretrained;
  }

  public static Builder builder(TrainerConfig trainer) {
    return new Builder(trainer);
  }

  /**
   * Defaults: max length 128, default columns, single-label, threshold 0.5, last CoNLL column,
   * IOB2.
   */
  public static final class Builder {
    private TrainerConfig trainer;
    private Path pretrained;
    private ModelConfig scratch;
    private Path tokenizer;
    private Path train;
    private Path validation;
    private Path test;
    private int maxLength = 128;
    private ClassificationColumns columns = ClassificationColumns.defaults();
    private boolean multiLabel;
    private double threshold = 0.5;
    private String pooling;
    private int tagColumn = -1;
    private TagScheme scheme = TagScheme.IOB2;
    private int evalBatchSize = 64;
    private PrintStream log = System.err;
    private WordModelOptions wordModel;
    private boolean onnxExport = true;
    private TaggerOptions tagger;
    private boolean crf;
    private boolean crfConstraints = true;

    private Builder(TrainerConfig trainer) {
      this.trainer = trainer;
    }

    /** Writes to {@code dir} instead of the trainer config's output. */
    public Builder output(Path dir) {
      this.trainer = trainer.withOutput(dir);
      return this;
    }

    public Builder pretrained(Path dir) {
      this.pretrained = dir;
      return this;
    }

    /** Starts from a fresh model of {@code config}, with the tokenizer at {@code tokenizerDir}. */
    public Builder fromScratch(ModelConfig config, Path tokenizerDir) {
      this.scratch = config;
      this.tokenizer = tokenizerDir;
      return this;
    }

    public Builder tokenizer(Path v) {
      this.tokenizer = v;
      return this;
    }

    public Builder train(Path v) {
      this.train = v;
      return this;
    }

    public Builder validation(Path v) {
      this.validation = v;
      return this;
    }

    public Builder test(Path v) {
      this.test = v;
      return this;
    }

    public Builder maxLength(int v) {
      this.maxLength = v;
      return this;
    }

    public Builder columns(ClassificationColumns v) {
      this.columns = v;
      return this;
    }

    public Builder multiLabel(boolean v) {
      this.multiLabel = v;
      return this;
    }

    public Builder threshold(double v) {
      this.threshold = v;
      return this;
    }

    /** {@code cls}, {@code mean}, or null for the pretrained config's choice. */
    public Builder pooling(String v) {
      this.pooling = v;
      return this;
    }

    public Builder tagColumn(int v) {
      this.tagColumn = v;
      return this;
    }

    public Builder scheme(TagScheme v) {
      this.scheme = v;
      return this;
    }

    public Builder evalBatchSize(int v) {
      this.evalBatchSize = v;
      return this;
    }

    public Builder log(PrintStream v) {
      this.log = v;
      return this;
    }

    /** Trains a word-vector classifier instead of fine-tuning an encoder (classification only). */
    public Builder wordModel(WordModelOptions v) {
      this.wordModel = v;
      return this;
    }

    /** Writes {@code model.onnx} beside the best model (default on). */
    public Builder onnxExport(boolean v) {
      this.onnxExport = v;
      return this;
    }

    /** Trains a BiLSTM tagger on word vectors instead of fine-tuning an encoder (tagging only). */
    public Builder tagger(TaggerOptions v) {
      this.tagger = v;
      return this;
    }

    /**
     * A CRF over the words on top of a BERT token classifier, the scheme's invalid transitions
     * forbidden unless {@code constraints} is false (tagging only).
     */
    public Builder crf(boolean on, boolean constraints) {
      this.crf = on;
      this.crfConstraints = constraints;
      return this;
    }

    public FinetuneConfig build() {
      return new FinetuneConfig(
          trainer,
          pretrained,
          scratch,
          tokenizer,
          train,
          validation,
          test,
          maxLength,
          columns,
          multiLabel,
          threshold,
          pooling,
          tagColumn,
          scheme,
          evalBatchSize,
          log,
          wordModel,
          tagger,
          crf,
          crfConstraints,
          onnxExport);
    }
  }
}
