package org.transfer4j.pretrain;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.transfer4j.BadInputException;
import org.transfer4j.train.TrainerConfig;

/**
 * What {@link ClmTrainer} runs: causal language modelling of a GPT-2 from scratch ({@code initFrom
 * == null}: a preset or {@code config.json} and a tokenizer given or trained) or from an existing
 * GPT-2 folder (fine-tuning on domain text, with that folder's tokenizer).
 *
 * <pre>{@code
 * ClmConfig c = ClmConfig.scratch(List.of(Path.of("corpus.txt")), "gpt2-mini", null, 8000,
 *     TrainerConfig.builder(Path.of("my-gpt")).epochs(1).lr(5e-4).build());
 * }</pre>
 *
 * @param corpus training text files or folders (one document per line)
 * @param validation validation text files; empty: the last {@code validationSplit} of the blocks
 * @param tokenizer a tokenizer folder or file, or null
 * @param vocabSize train a byte-level BPE of this size on the corpus when no tokenizer is given
 * @param model a preset ({@code gpt2-tiny}, {@code gpt2-mini}, {@code gpt2-small}) or a {@code
 *     config.json}; ignored when {@code initFrom} is set
 * @param initFrom a GPT-2 model folder to continue training, or null
 * @param blockSize tokens per training block; 0: the model's {@code n_positions}, at most 128
 * @param validationSplit the share of blocks held out when no validation files are given
 * @param training the trainer's settings (output folder, schedule, batch size, ...)
 * @param log where progress and summaries go
 * @param redraw whether the progress bar redraws one line
 */
public record ClmConfig(
    List<Path> corpus,
    List<Path> validation,
    Path tokenizer,
    Integer vocabSize,
    String model,
    Path initFrom,
    int blockSize,
    double validationSplit,
    TrainerConfig training,
    PrintStream log,
    boolean redraw) {

  public ClmConfig {
    if (corpus == null || corpus.isEmpty()) {
      throw new BadInputException("--corpus/--train: give at least one text file");
    }
    corpus = List.copyOf(corpus);
    validation = validation == null ? List.of() : List.copyOf(validation);
    if (initFrom == null && (tokenizer == null) == (vocabSize == null)) {
      throw new BadInputException("give exactly one of --tokenizer DIR and --vocab-size N");
    }
    if (vocabSize != null && vocabSize < 300) {
      throw new BadInputException(
          "--vocab-size "
              + vocabSize
              + " is too small: byte-level BPE needs 256 bytes + merges;"
              + " use 300 or more");
    }
    if (blockSize != 0 && blockSize < 2) {
      throw new BadInputException("--block-size must be >= 2 (or 0 = auto), got " + blockSize);
    }
    if (!(validationSplit > 0 && validationSplit < 0.5)) {
      throw new BadInputException("--validation-split must be in (0, 0.5), got " + validationSplit);
    }
    if (training == null) {
      throw new IllegalArgumentException("training config is required");
    }
    log = log == null ? System.err : log;
  }

  public Path output() {
    return training.output();
  }

  /** Pretraining from scratch with a tokenizer folder or a vocabulary size to train. */
  public static ClmConfig scratch(
      List<Path> corpus, String model, Path tokenizer, Integer vocabSize, TrainerConfig training) {
    return new ClmConfig(
        corpus, List.of(), tokenizer, vocabSize, model, null, 0, 0.05, training, null, false);
  }

  /** Fine-tuning an existing GPT-2 folder on more text. */
  public static ClmConfig finetune(List<Path> corpus, Path modelDir, TrainerConfig training) {
    return new ClmConfig(
        corpus, List.of(), null, null, null, modelDir, 0, 0.05, training, null, false);
  }

  public ClmConfig withValidation(List<Path> files, double split) {
    return new ClmConfig(
        corpus, files, tokenizer, vocabSize, model, initFrom, blockSize, split, training, log,
        redraw);
  }

  public ClmConfig withBlockSize(int n) {
    return new ClmConfig(
        corpus,
        validation,
        tokenizer,
        vocabSize,
        model,
        initFrom,
        n,
        validationSplit,
        training,
        log,
        redraw);
  }

  public ClmConfig withLog(PrintStream stream, boolean redrawProgress) {
    return new ClmConfig(
        corpus,
        validation,
        tokenizer,
        vocabSize,
        model,
        initFrom,
        blockSize,
        validationSplit,
        training,
        stream,
        redrawProgress);
  }
}
