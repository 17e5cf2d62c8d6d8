package org.transfer4j.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.pretrain.ClmConfig;
import org.transfer4j.pretrain.ClmResult;
import org.transfer4j.pretrain.ClmTrainer;
import org.transfer4j.train.ProgressBar;
import org.transfer4j.train.TrainerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer4j finetune lm}: continues causal-LM training of a GPT-2 folder on new text. */
@Command(
    name = "lm",
    mixinStandardHelpOptions = true,
    description =
        "Continue training a GPT-2 (GPT2LMHeadModel) folder on domain text, one document per line,"
            + " with the folder's tokenizer; documents are joined by <|endoftext|> and packed into"
            + " blocks; reports validation perplexity. --output ends up a GPT2LMHeadModel folder"
            + " that generate loads.")
final class FinetuneLmCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;
  @Mixin TrainingOptions trainingOptions;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "GPT-2 folder with its tokenizer.")
  String model;

  @Option(
      names = "--train",
      required = true,
      arity = "1..*",
      paramLabel = "FILE",
      description = "Training text files or folders (UTF-8, one document per line).")
  List<Path> train;

  @Option(
      names = "--validation",
      arity = "1..*",
      paramLabel = "FILE",
      description = "Validation text files (default: hold out --validation-split).")
  List<Path> validation = List.of();

  @Option(
      names = "--validation-split",
      paramLabel = "P",
      description = "Share of the blocks held out (default: ${DEFAULT-VALUE}).")
  double validationSplit = 0.05;

  @Option(
      names = "--block-size",
      paramLabel = "N",
      description = "Tokens per block (default: min(n_positions, 128)).")
  int blockSize = 0;

  @Override
  public Integer call() throws Exception {
    Path dir = ModelFolders.resolve(model);
    engineOptions.init();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TrainerConfig training = trainingOptions.toConfig(engineOptions);
    PrintStream log =
        new PrintStream(new PretrainCommand.WriterStream(err), true, StandardCharsets.UTF_8);
    ClmConfig c =
        new ClmConfig(
            train,
            validation,
            null,
            null,
            null,
            dir,
            blockSize,
            validationSplit,
            training,
            log,
            ProgressBar.stderrIsTerminal());
    ClmResult r = ClmTrainer.run(c);
    log.flush();
    out.printf(
        Locale.ROOT,
        "fine-tuned %d steps; model folder %s; validation perplexity %.3f (unigram %.2f)%n",
        r.steps(),
        r.modelDir(),
        r.validationPerplexity(),
        r.unigramPerplexity());
    return 0;
  }
}
