package org.transfer4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.task.Predictor;
import org.transfer4j.task.TaskModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer4j predict}: JSON lines of predictions from a fine-tuned folder. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description =
        "Predict with a fine-tuned model folder; JSON lines out. classify: text lines, JSON"
            + " lines or a data file -> label and probabilities; tag: a sentence per line -> tags"
            + " per word; choice: SWAG CSV or JSON lines {sent1, sent2, endings} -> choice.")
final class PredictCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Mixin InferenceCliOptions inference;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR|NAME",
      description = "Fine-tuned folder (or a built-in model name).")
  String model;

  @Option(
      names = "--input",
      paramLabel = "FILE",
      description = "Input file (default: standard input).")
  Path input;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Examples per batch (default: ${DEFAULT-VALUE}).")
  int batchSize = 64;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    engineOptions.init();
    PrintWriter out = spec.commandLine().getOut();
    try (TaskModel m = TaskModel.load(ModelFolders.resolve(model), inference.toOptions())) {
      PrintWriter err = spec.commandLine().getErr();
      TextInput.Lines stdin = input == null ? TextInput.open(null, System.in) : null;
      Predictor.predict(m, input, stdin, out, batchSize, err);
      if (stdin != null) {
        stdin.report(err, "stdin");
      }
    }
    return 0;
  }
}
