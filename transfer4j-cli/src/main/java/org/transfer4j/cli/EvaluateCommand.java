package org.transfer4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.pretrain.ClmEvaluation;
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
            + " and confusion heat maps. A GPT-2 (GPT2LMHeadModel) folder: perplexity on a text"
            + " file, one document per line.")
final class EvaluateCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Mixin InferenceCliOptions inference;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR|NAME",
      description = "Fine-tuned folder (or a built-in model name).")
  String model;

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

  @Option(
      names = "--block-size",
      paramLabel = "N",
      description = "Causal-LM folders: tokens per scored block (default: min(n_positions, 128)).")
  int blockSize = 0;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    OutputChecks.notAnInput("--output", output, "--model", model, "--data", data);
    engineOptions.init();
    PrintWriter out = spec.commandLine().getOut();
    Path dir = ModelFolders.resolve(model);
    if (isCausalLm(dir)) {
      // A GPT-2 folder: perplexity on plain text (one document per line).
      ClmEvaluation.Result r =
          ClmEvaluation.perplexity(dir, java.util.List.of(data), blockSize, batchSize);
      out.printf(
          java.util.Locale.ROOT,
          "perplexity %.4f over %,d tokens (%,d blocks of %d)%n",
          r.perplexity(),
          r.tokens(),
          r.blocks(),
          r.blockSize());
      out.flush();
      return 0;
    }
    try (TaskModel m = TaskModel.load(dir, inference.toOptions())) {
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

  /** Whether {@code dir}'s config.json names a causal LM (GPT2LMHeadModel). */
  static boolean isCausalLm(Path dir) throws java.io.IOException {
    Path config = dir.resolve("config.json");
    if (!java.nio.file.Files.isRegularFile(config)) {
      return false;
    }
    try {
      var json = com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(config));
      var architectures = json.getAsJsonObject().getAsJsonArray("architectures");
      return architectures != null && architectures.toString().contains("\"GPT2LMHeadModel\"");
    } catch (RuntimeException e) {
      return false; // TaskModel.load reports a broken config.json
    }
  }
}
