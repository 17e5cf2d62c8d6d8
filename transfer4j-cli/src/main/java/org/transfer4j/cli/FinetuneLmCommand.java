package org.transfer4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.pretrain.ClmResult;
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

  @Mixin ClmOptions clmOptions;

  @Override
  public Integer call() throws Exception {
    Path dir = ModelFolders.resolve(model);
    engineOptions.init();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TrainerConfig training = trainingOptions.toConfig(engineOptions);
    ClmResult r = clmOptions.train(train, null, null, null, dir, training, err);
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
