package org.transfer4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transfer4j.BadInputException;
import org.transfer4j.attention.AttentionMaps;
import org.transfer4j.attention.AttentionView;
import org.transfer4j.io.AtomicFiles;
import org.transfer4j.model.ModelFolders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer4j attention}: the attention of every layer and head as an offline HTML page. */
@Command(
    name = "attention",
    mixinStandardHelpOptions = true,
    description =
        "Show the attention of every layer and head of a BERT, DistilBERT or GPT-2 folder for a"
            + " text (and --pair): one self-contained HTML page (works offline) with a layer"
            + " selector, head toggles, sentence A/B filters and hover focus, or --format json.")
final class AttentionCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder.")
  String model;

  @Option(names = "--text", required = true, paramLabel = "TEXT", description = "Sentence A.")
  String text;

  @Option(names = "--pair", paramLabel = "TEXT", description = "Sentence B (optional).")
  String pair;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "FILE",
      description = "The page (or JSON) to write.")
  Path output;

  @Option(
      names = "--format",
      paramLabel = "html|json",
      description = "html (default) or json (the raw weights [layer][head][query][key]).")
  String format = "html";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("html") && !format.equals("json")) {
      throw new BadInputException("--format " + format + ": choose html or json");
    }
    Path dir = ModelFolders.resolve(model);
    engineOptions.init();
    AttentionMaps maps = AttentionMaps.compute(dir, text, pair);
    String title = pair == null ? text : text + " / " + pair;
    String body =
        format.equals("json") ? AttentionView.json(maps) : AttentionView.html(maps, title);
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      java.nio.file.Files.createDirectories(parent);
    }
    AtomicFiles.writeString(output, body);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "%s: %d layers x %d heads over %d tokens; wrote %s%n",
        maps.architecture(),
        maps.layers(),
        maps.heads(),
        maps.tokens().length,
        output);
    return 0;
  }
}
