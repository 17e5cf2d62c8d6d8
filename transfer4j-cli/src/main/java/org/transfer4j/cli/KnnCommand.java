package org.transfer4j.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transfer4j.BadInputException;
import org.transfer4j.data.ClassificationColumns;
import org.transfer4j.data.ClassificationReader;
import org.transfer4j.data.TextExample;
import org.transfer4j.embed.SentenceEncoder;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.io.AtomicFiles;
import org.transfer4j.search.IndexMetadata;
import org.transfer4j.search.KnnEvaluation;
import org.transfer4j.search.VectorIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer4j knn}: k-nearest-neighbour classification against a labelled index. */
@Command(
    name = "knn",
    mixinStandardHelpOptions = true,
    description =
        "Classify a labelled file by its nearest neighbours in a labelled index (k=1: the"
            + " nearest text's label; k>1: votes weighted by similarity) and print evaluate's"
            + " report, HNSW's recall@k against exact search and both searches' queries/s;"
            + " --output also writes report.json, report.csv, confusion heat maps and knn.json.")
final class KnnCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Option(
      names = "--index",
      required = true,
      paramLabel = "INDEX",
      description = "Index folder built with --label-column.")
  Path index;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "Labelled texts: CSV, TSV, JSONL or fastText.")
  Path input;

  @Option(
      names = "--text-column",
      paramLabel = "C",
      description = "Text column or key (default: the index's text column, else text).")
  String textColumn;

  @Option(
      names = "--label-column",
      paramLabel = "L",
      description = "Label column or key (default: the index's label column).")
  String labelColumn;

  @Mixin NeighbourOptions neighbours = new NeighbourOptions(1);

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description = "Report folder.")
  Path output;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    neighbours.check(spec);
    int k = neighbours.k;
    boolean exact = neighbours.exact;
    int candidates = neighbours.candidates;
    engineOptions.init();
    PrintWriter out = spec.commandLine().getOut();
    try (VectorIndex idx = VectorIndex.open(index)) {
      IndexMetadata m = idx.metadata();
      String labels = labelColumn != null ? labelColumn : m.labelColumn();
      if (labels == null) {
        throw new BadInputException(
            index + ": the index has no labels; rebuild it with 'index build --label-column L'");
      }
      String texts =
          textColumn != null ? textColumn : m.textColumn() != null ? m.textColumn() : "text";
      List<TextExample> examples =
          ClassificationReader.read(input, new ClassificationColumns(texts, null, labels));
      for (TextExample e : examples) {
        if (e.labels().size() != 1) {
          throw new BadInputException(
              e.source() + ": knn needs exactly one label per example, got " + e.labels());
        }
      }
      float[][] vectors;
      long start = System.nanoTime();
      try (SentenceEncoder enc = neighbours.queryEncoder(idx)) {
        vectors = enc.encode(examples.stream().map(TextExample::text).toList());
      }
      double encodeSeconds = (System.nanoTime() - start) / 1e9;
      KnnEvaluation.Result r =
          KnnEvaluation.run(
              idx,
              vectors,
              examples.stream().map(TextExample::label).toList(),
              k,
              exact,
              candidates);
      out.print(r.scores().text());
      out.println(FinetuneOptions.format(r.scores().metrics()));
      String summary =
          String.format(
              Locale.ROOT,
              "%d-NN over %,d indexed texts (%s neighbours); HNSW recall@%d against exact: %.4f;"
                  + " queries/s: exact %.0f, HNSW %.0f (%d threads, M=%d, candidates %d);"
                  + " encoding %,d texts took %.1f s",
              k,
              idx.size(),
              exact ? "exact" : "HNSW",
              k,
              r.recall(),
              r.exactQueriesPerSecond(),
              r.hnswQueriesPerSecond(),
              Bootstrap.engineThreads(),
              m.hnswM(),
              Math.max(k, candidates),
              examples.size(),
              encodeSeconds);
      out.println(summary);
      if (output != null) {
        r.scores().files().write(output);
        JsonObject o = new JsonObject();
        o.addProperty("k", k);
        o.addProperty("neighbours", exact ? "exact" : "hnsw");
        o.addProperty("indexed", idx.size());
        o.addProperty("queries", examples.size());
        o.addProperty("recall_at_k", r.recall());
        o.addProperty("exact_queries_per_second", r.exactQueriesPerSecond());
        o.addProperty("hnsw_queries_per_second", r.hnswQueriesPerSecond());
        o.addProperty("hnsw_candidates", Math.max(k, candidates));
        r.scores().metrics().forEach(o::addProperty);
        AtomicFiles.writeString(
            output.resolve("knn.json"),
            new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n");
        out.println("wrote the report to " + output);
      }
    }
    out.flush();
    return 0;
  }
}
