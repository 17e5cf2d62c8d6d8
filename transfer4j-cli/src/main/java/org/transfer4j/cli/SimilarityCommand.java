package org.transfer4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transfer4j.embed.EncoderOptions;
import org.transfer4j.embed.SentenceEncoder;
import org.transfer4j.embed.Similarity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer4j similarity}: the cosine matrix of a few texts and its heat map. */
@Command(
    name = "similarity",
    mixinStandardHelpOptions = true,
    description =
        "Cosine similarity of every pair of a few texts (at most "
            + Similarity.MAX_TEXTS
            + ") with a BERT/DistilBERT folder or a built-in model: DIR/matrix.csv (texts as"
            + " header and first column) and a labelled heat map DIR/heatmap.png. Input as for"
            + " embed: text lines, or a .csv/.tsv column or .jsonl key.")
final class SimilarityCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Mixin EncoderCliOptions encoder;

  @Mixin TextInputOptions textInput;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "DIR",
      description = "Folder for matrix.csv and heatmap.png.")
  Path output;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    EncoderOptions options = encoder.options();
    List<String> texts = Similarity.readTexts(textInput.input, textInput.column);
    engineOptions.init();
    PrintWriter out = spec.commandLine().getOut();
    try (SentenceEncoder enc = encoder.load(options)) {
      double[][] m = Similarity.cosine(enc.encode(texts));
      Similarity.write(texts, m, output, encoder.model);
      int width = 0;
      for (String t : texts) {
        width = Math.max(width, Math.min(40, t.length()));
      }
      for (int i = 0; i < texts.size(); i++) {
        StringBuilder row =
            new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", cut(texts.get(i))));
        for (double x : m[i]) {
          row.append(String.format(Locale.ROOT, " %6.3f", x));
        }
        out.println(row);
      }
      out.printf(
          Locale.ROOT,
          "wrote %s and %s (%d texts)%n",
          output.resolve("matrix.csv"),
          output.resolve("heatmap.png"),
          texts.size());
      out.flush();
    }
    return 0;
  }

  private static String cut(String t) {
    return t.length() <= 40 ? t : t.substring(0, 39) + "\u2026";
  }
}
