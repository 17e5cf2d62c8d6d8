package org.transfer4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transfer4j.vectors.WordVectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code transfer4j vectors neighbours}: the closest words by cosine. */
@Command(
    name = "neighbours",
    aliases = "neighbors",
    mixinStandardHelpOptions = true,
    description = "The K words closest to each WORD by cosine similarity.")
final class VectorsNeighboursCommand implements Callable<Integer> {
  @Mixin VectorsFileOptions vectors;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-k", "--k"},
      paramLabel = "K",
      description = "Neighbours per word (default: ${DEFAULT-VALUE}).")
  int k = 10;

  @Parameters(arity = "1..*", paramLabel = "WORD")
  List<String> words;

  @Override
  public Integer call() throws Exception {
    WordVectors v = vectors.read();
    PrintWriter out = spec.commandLine().getOut();
    for (String w : words) {
      out.println(w + ":");
      print(out, v.nearest(w, k));
    }
    return 0;
  }

  static void print(PrintWriter out, List<WordVectors.Neighbour> ns) {
    for (WordVectors.Neighbour n : ns) {
      out.printf(Locale.ROOT, "  %-20s %.4f%n", n.word(), n.cosine());
    }
  }
}
