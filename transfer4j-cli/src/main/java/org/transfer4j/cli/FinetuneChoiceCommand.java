package org.transfer4j.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.transfer4j.task.ChoiceTask;
import org.transfer4j.task.FinetuneResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code transfer4j finetune choice}. */
@Command(
    name = "choice",
    mixinStandardHelpOptions = true,
    description =
        "Multiple choice from SWAG-style CSV (sent1, sent2, ending0..N, label); each choice is"
            + " encoded as [CLS] sent1 [SEP] sent2 ending_i [SEP] with segment ids.")
final class FinetuneChoiceCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;
  @Mixin TrainingOptions trainingOptions;
  @Mixin FinetuneOptions finetuneOptions;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    engineOptions.init();
    PrintStream log = FinetuneOptions.stream(spec.commandLine().getErr());
    FinetuneResult r =
        ChoiceTask.run(
            finetuneOptions.builder(trainingOptions.toConfig(engineOptions), log).build());
    FinetuneOptions.summary(r, spec.commandLine().getOut());
    return 0;
  }
}
