package org.transfer4j.cli;

import java.io.IOException;
import org.transfer4j.embed.SentenceEncoder;
import org.transfer4j.search.IndexBuilder;
import org.transfer4j.search.VectorIndex;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The flags shared by the verbs that query an index ({@code index search}, {@code knn}): how many
 * neighbours, exact or HNSW search, and the query encoder, which must match the index's model.
 *
 * <pre>{@code
 * @Mixin NeighbourOptions neighbours = new NeighbourOptions(5);
 * neighbours.check(spec);
 * try (SentenceEncoder enc = neighbours.queryEncoder(idx)) { ... }
 * }</pre>
 */
final class NeighbourOptions {
  @Option(
      names = "-k",
      paramLabel = "K",
      description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--exact", description = "Exact search instead of the HNSW graph.")
  boolean exact;

  @Option(
      names = "--candidates",
      paramLabel = "N",
      description =
          "HNSW candidates per query; more is slower and more exact (default: ${DEFAULT-VALUE}).")
  int candidates = VectorIndex.DEFAULT_CANDIDATES;

  @Option(
      names = "--model",
      paramLabel = "M",
      description = "Query model, when the index's has moved (its fingerprint must match).")
  String model;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Queries per forward pass (default: ${DEFAULT-VALUE}).")
  int batchSize = 32;

  @picocli.CommandLine.Mixin InferenceCliOptions inference;

  /** Picocli needs a no-argument constructor; the verbs pass their own default {@code k}. */
  NeighbourOptions() {
    this(1);
  }

  NeighbourOptions(int defaultK) {
    this.k = defaultK;
  }

  /** Rejects a {@code -k} below 1 as a usage error of {@code spec}'s command. */
  void check(CommandSpec spec) {
    if (k < 1) {
      throw new ParameterException(spec.commandLine(), "-k must be at least 1, got " + k);
    }
  }

  /** The index's encoder (or {@code --model}'s), checked against the index's fingerprint. */
  SentenceEncoder queryEncoder(VectorIndex index) throws IOException {
    return IndexBuilder.queryEncoder(index, model, batchSize, inference.toOptions());
  }
}
