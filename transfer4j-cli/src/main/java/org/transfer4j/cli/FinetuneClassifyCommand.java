package org.transfer4j.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.transfer4j.data.ClassificationColumns;
import org.transfer4j.task.ClassificationTask;
import org.transfer4j.task.FinetuneResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer4j finetune classify}. */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    description =
        "Sequence classification of texts or text pairs from .csv/.tsv (header row), .jsonl or"
            + " fastText .txt (__label__x text) files; single-label (softmax) or multi-label"
            + " (sigmoid and --threshold).")
final class FinetuneClassifyCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;
  @Mixin TrainingOptions trainingOptions;
  @Mixin FinetuneOptions finetuneOptions;
  @Mixin WordModelCliOptions wordModel;

  @Option(
      names = "--text-column",
      paramLabel = "NAME",
      description = "Text column or JSONL key (default: ${DEFAULT-VALUE}).")
  String textColumn = "text";

  @Option(
      names = "--pair-column",
      paramLabel = "NAME",
      description = "Second text of a pair task (default: none; JSONL uses text_pair if present).")
  String pairColumn;

  @Option(
      names = "--label-column",
      paramLabel = "NAME",
      description = "Label column or JSONL key (default: ${DEFAULT-VALUE}).")
  String labelColumn = "label";

  @Option(
      names = "--multi-label",
      description =
          "Sigmoid head with one decision per label (automatic when examples have several labels).")
  boolean multiLabel;

  @Option(
      names = "--threshold",
      paramLabel = "P",
      description = "Multi-label decision threshold (default: ${DEFAULT-VALUE}).")
  double threshold = 0.5;

  @Option(
      names = "--pooling",
      paramLabel = "cls|mean",
      description =
          "Sentence vector of the classifier: cls (the [CLS] pooler, as Hugging Face's BERT) or"
              + " mean (mean of the last hidden states over the real tokens, saved as"
              + " classifier_pooling; BERT only; Python's BertForSequenceClassification ignores"
              + " it). Default: the model's config, else cls.")
  String pooling;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    engineOptions.init();
    PrintStream log = FinetuneOptions.stream(spec.commandLine().getErr());
    boolean words = wordModel.isWordModel();
    FinetuneResult r =
        ClassificationTask.run(
            finetuneOptions
                .builder(trainingOptions.toConfig(engineOptions), log, words)
                .wordModel(words ? wordModel.toOptions(finetuneOptions.autoLength()) : null)
                .columns(new ClassificationColumns(textColumn, pairColumn, labelColumn))
                .multiLabel(multiLabel)
                .threshold(threshold)
                .pooling(pooling)
                .build());
    FinetuneOptions.summary(r, spec.commandLine().getOut());
    return 0;
  }
}
