package org.transfer4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code transfer4j index ...}: build and search nearest-neighbour indexes of sentence vectors. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description =
        "Nearest-neighbour indexes of sentence vectors: build one from a text file, search it"
            + " (HNSW or exact). See also 'knn'.",
    subcommands = {IndexBuildCommand.class, IndexSearchCommand.class})
public final class IndexCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
