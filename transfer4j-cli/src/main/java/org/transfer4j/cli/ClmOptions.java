package org.transfer4j.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.transfer4j.pretrain.ClmConfig;
import org.transfer4j.pretrain.ClmResult;
import org.transfer4j.pretrain.ClmTrainer;
import org.transfer4j.train.ProgressBar;
import org.transfer4j.train.TrainerConfig;
import picocli.CommandLine.Option;

/**
 * Causal-LM options shared by {@code pretrain --objective clm} and {@code finetune lm}: block size
 * and validation data; mix in with {@code @Mixin}, then {@link #train} runs the trainer.
 */
final class ClmOptions {
  @Option(
      names = "--block-size",
      paramLabel = "N",
      description = "clm: tokens per training block (default: min(n_positions, 128)).")
  int blockSize = 0;

  @Option(
      names = "--validation",
      arity = "1..*",
      paramLabel = "FILE",
      description = "clm: validation text files (default: hold out --validation-split).")
  List<Path> validation = List.of();

  @Option(
      names = "--validation-split",
      paramLabel = "P",
      description =
          "clm: share of the blocks held out for validation perplexity (default:"
              + " ${DEFAULT-VALUE}).")
  double validationSplit = 0.05;

  /**
   * Trains a GPT-2 on {@code corpus} with these options, logging to {@code err}.
   *
   * @param tokenizer a tokenizer folder, or null to train one of {@code vocabSize} tokens (or to
   *     use {@code initFrom}'s)
   * @param model a preset or config.json (null with {@code initFrom})
   * @param initFrom a GPT-2 folder to continue training, or null to start from scratch
   */
  ClmResult train(
      List<Path> corpus,
      Path tokenizer,
      Integer vocabSize,
      String model,
      Path initFrom,
      TrainerConfig training,
      PrintWriter err)
      throws Exception {
    PrintStream log =
        new PrintStream(new PretrainCommand.WriterStream(err), true, StandardCharsets.UTF_8);
    ClmConfig c =
        new ClmConfig(
            corpus,
            validation,
            tokenizer,
            vocabSize,
            model,
            initFrom,
            blockSize,
            validationSplit,
            training,
            log,
            ProgressBar.stderrIsTerminal());
    ClmResult r = ClmTrainer.run(c);
    log.flush();
    return r;
  }
}
