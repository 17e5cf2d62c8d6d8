package org.transfer4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.transfer4j.BadInputException;
import org.transfer4j.vectors.WordVectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code transfer4j vectors analogy A B C}: A is to B as C is to ?. */
@Command(
    name = "analogy",
    mixinStandardHelpOptions = true,
    description =
        "A is to B as C is to ?: the words closest to B - A + C over unit vectors (3CosAdd),"
            + " the three words excluded; e.g. 'man king woman' gives queen.")
final class VectorsAnalogyCommand implements Callable<Integer> {
  @Mixin VectorsFileOptions vectors;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-k", "--k"},
      paramLabel = "K",
      description = "Answers to print (default: ${DEFAULT-VALUE}).")
  int k = 5;

  @Parameters(arity = "3", paramLabel = "A B C")
  List<String> words;

  @Override
  public Integer call() throws Exception {
    if (words.size() != 3) {
      throw new BadInputException("give exactly three words A B C, got " + words.size());
    }
    WordVectors v = vectors.read();
    PrintWriter out = spec.commandLine().getOut();
    out.println(words.get(0) + " : " + words.get(1) + " :: " + words.get(2) + " : ?");
    VectorsNeighboursCommand.print(out, v.analogy(words.get(0), words.get(1), words.get(2), k));
    return 0;
  }
}
