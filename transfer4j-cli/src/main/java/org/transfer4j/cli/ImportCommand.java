package org.transfer4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code transfer4j import ...}: turn models exported by other tools into model folders. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Turn a model exported by another tool into a Hugging Face model folder.",
    subcommands = {ImportOnnxCommand.class})
public final class ImportCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
