package org.transfer4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.transfer4j.task.ChoiceTask;
import org.transfer4j.task.ClassificationTask;
import org.transfer4j.task.Scores;
import org.transfer4j.task.TaggingTask;
import org.transfer4j.task.TaskModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer4j evaluate}: scores a fine-tuned folder on a labelled file. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Score a fine-tuned model folder on labelled data in its task's format and print the"
            + " report (conlleval's for tagging); --output also writes report.json, report.csv"
            + " and confusion heat maps.")
final class EvaluateCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "Fine-tuned folder.")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled data.")
  Path data;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description = "Report folder.")
  Path output;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Examples per batch (default: ${DEFAULT-VALUE}).")
  int batchSize = 64;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    OutputChecks.notAnInput("--output", output, "--model", model, "--data", data);
    engineOptions.init();
    PrintWriter out = spec.commandLine().getOut();
    try (TaskModel m = TaskModel.load(model)) {
      Scores s =
          switch (m.info().kind()) {
            case CLASSIFY -> ClassificationTask.evaluate(m, data, batchSize);
            case TAG -> TaggingTask.evaluate(m, data, batchSize);
            case CHOICE -> ChoiceTask.evaluate(m, data, batchSize);
          };
      out.print(s.text());
      out.println(FinetuneOptions.format(s.metrics()));
      if (output != null) {
        s.files().write(output);
        out.println("wrote the report to " + output);
      }
      out.flush();
    }
    return 0;
  }
}
