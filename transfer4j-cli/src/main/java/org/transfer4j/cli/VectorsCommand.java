package org.transfer4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code transfer4j vectors ...}: pretrained word vectors (one subcommand class each). */
@Command(
    name = "vectors",
    mixinStandardHelpOptions = true,
    description =
        "Look into pretrained word vectors (fastText .vec, GloVe .txt, word2vec .bin; plain, .gz"
            + " or .zip): nearest neighbours, analogies, and how many words of a corpus they know.",
    subcommands = {
      VectorsNeighboursCommand.class,
      VectorsAnalogyCommand.class,
      VectorsCoverageCommand.class,
    })
public final class VectorsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
