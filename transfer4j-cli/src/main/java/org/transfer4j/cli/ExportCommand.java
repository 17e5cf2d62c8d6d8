package org.transfer4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code transfer4j export ...}: write a model folder in another runtime's format. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Write a model in another runtime's format (ONNX for ONNX Runtime).",
    subcommands = {ExportOnnxCommand.class})
public final class ExportCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
