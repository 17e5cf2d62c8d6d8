package org.transfer4j.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.transfer4j.data.TextRecords;
import org.transfer4j.embed.SentenceEncoder;
import org.transfer4j.search.Hit;
import org.transfer4j.search.VectorIndex;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer4j index search}: the nearest texts of queries, as JSON lines. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description =
        "Find the k nearest indexed texts of each query (HNSW, or --exact); one JSON line per"
            + " hit: query, rank, text, label, score (cosine).")
final class IndexSearchCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Option(names = "--index", required = true, paramLabel = "INDEX", description = "Index folder.")
  Path index;

  static final class Queries {
    @Option(names = "--query", paramLabel = "TEXT", description = "One query.")
    String query;

    @Option(
        names = "--input",
        paramLabel = "FILE",
        description = "Queries: plain text (one per line), or CSV/TSV/JSONL with --text-column.")
    Path input;
  }

  @ArgGroup(multiplicity = "1")
  Queries queries;

  @Option(
      names = "--text-column",
      paramLabel = "C",
      description =
          "Column or key of the queries in a CSV/TSV/JSONL --input (default: ${DEFAULT-VALUE}).")
  String textColumn = "text";

  @Mixin NeighbourOptions neighbours = new NeighbourOptions(5);

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    neighbours.check(spec);
    engineOptions.init();
    PrintWriter out = spec.commandLine().getOut();
    List<String> texts = new ArrayList<>();
    if (queries.query != null) {
      texts.add(queries.query);
    } else {
      Path in = queries.input;
      try (TextRecords rows =
          TextRecords.open(in, TextRecords.isPlainText(in) ? null : textColumn)) {
        rows.forEachRemaining(texts::add);
      }
    }
    Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    try (VectorIndex idx = VectorIndex.open(index);
        SentenceEncoder enc = neighbours.queryEncoder(idx)) {
      float[][] vectors = enc.encode(texts);
      int k = neighbours.k;
      Hit[][] hits =
          neighbours.exact
              ? idx.exact().search(vectors, k)
              : idx.searchAll(vectors, k, neighbours.candidates);
      for (int q = 0; q < texts.size(); q++) {
        for (int r = 0; r < hits[q].length; r++) {
          Hit h = hits[q][r];
          JsonObject o = new JsonObject();
          o.addProperty("query", texts.get(q));
          o.addProperty("rank", r + 1);
          o.addProperty("text", idx.text(h.row()));
          o.addProperty("label", idx.label(h.row()));
          o.addProperty("score", h.score());
          out.println(gson.toJson(o));
        }
      }
    }
    out.flush();
    return 0;
  }
}
