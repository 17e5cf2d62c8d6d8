package org.transfer4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transfer4j.BadInputException;
import org.transfer4j.tokenize.train.Progress;
import org.transfer4j.tokenize.train.TextFiles;
import org.transfer4j.tokenize.word.WordTokenizer;
import org.transfer4j.vectors.Coverage;
import org.transfer4j.vectors.WordVectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer4j vectors coverage}: how many tokens of a corpus the vectors know. */
@Command(
    name = "coverage",
    mixinStandardHelpOptions = true,
    description =
        "Tokens, unknown tokens and their share, distinct unknown words and the most frequent"
            + " ones, for a corpus cut by a word tokenizer: run it once per --tokenizer to compare.")
final class VectorsCoverageCommand implements Callable<Integer> {
  @Mixin VectorsFileOptions vectors;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "Text files (one text per line) or, with --column, CSV files; repeatable.")
  List<Path> inputs;

  @Option(
      names = "--column",
      paramLabel = "NAME",
      description = "Read the inputs as CSV with a header and use this column.")
  String column;

  @Option(
      names = "--tokenizer",
      paramLabel = "whitespace|wordpunct",
      description =
          "whitespace (Python's str.split) or wordpunct (NLTK's \\w+|[^\\w\\s]+); default:"
              + " ${DEFAULT-VALUE}.")
  String tokenizer = "wordpunct";

  @Option(
      names = "--top",
      paramLabel = "N",
      description = "Most frequent unknown words to list (default: ${DEFAULT-VALUE}).")
  int top = 20;

  @Override
  public Integer call() throws Exception {
    WordTokenizer words = wordTokenizer(tokenizer);
    WordVectors v = vectors.read();
    Coverage c = new Coverage(v, words, vectors.lowercase);
    TextFiles.forEach(TextFiles.expand(inputs), column, c::add, Progress.none());
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "vectors:         %s (%d words, dim %d)%n",
        vectors.path.required(),
        v.size(),
        v.dim());
    out.printf(
        Locale.ROOT, "tokenizer:       %s%s%n", tokenizer, vectors.lowercase ? ", lowercased" : "");
    out.printf(Locale.ROOT, "texts:           %d%n", c.texts());
    out.printf(Locale.ROOT, "tokens:          %d%n", c.tokens());
    out.printf(
        Locale.ROOT, "unknown tokens:  %d (%.2f%%)%n", c.unknownTokens(), 100 * c.unknownShare());
    out.printf(
        Locale.ROOT,
        "unique words:    %d, unknown %d (%.2f%%)%n",
        c.uniqueWords(),
        c.uniqueUnknown(),
        c.uniqueWords() == 0 ? 0.0 : 100.0 * c.uniqueUnknown() / c.uniqueWords());
    out.println("most frequent unknown words:");
    for (Coverage.Count k : c.topUnknown(top)) {
      out.printf(Locale.ROOT, "  %-20s %d%n", k.word(), k.count());
    }
    return 0;
  }

  /** {@code whitespace} or {@code wordpunct}; a clear error otherwise. */
  static WordTokenizer wordTokenizer(String name) {
    return switch (name) {
      case "whitespace" -> WordTokenizer.whitespace();
      case "wordpunct" -> WordTokenizer.wordPunct();
      default ->
          throw new BadInputException(
              "--tokenizer must be whitespace or wordpunct, got '" + name + "'");
    };
  }
}
