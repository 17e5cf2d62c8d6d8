package org.transfer4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code transfer4j finetune classify|tag|choice|lm}. */
@Command(
    name = "finetune",
    mixinStandardHelpOptions = true,
    description =
        "Fine-tune a pretrained encoder (or one from scratch) on a task and write a Hugging Face"
            + " model folder with tokenizer, reports, plots and TensorBoard logs.",
    subcommands = {
      FinetuneClassifyCommand.class,
      FinetuneTagCommand.class,
      FinetuneChoiceCommand.class,
      FinetuneLmCommand.class
    })
final class FinetuneCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
