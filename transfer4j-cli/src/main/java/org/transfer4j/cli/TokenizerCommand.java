package org.transfer4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code transfer4j tokenizer ...}: the tokenizer verbs (one subcommand class each). */
@Command(
    name = "tokenizer",
    mixinStandardHelpOptions = true,
    description = "Encode, decode, train and measure Hugging Face compatible tokenizers.",
    subcommands = {
      TokenizerEncodeCommand.class,
      TokenizerDecodeCommand.class,
      TokenizerTrainCommand.class,
      TokenizerStatsCommand.class,
    })
public final class TokenizerCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
