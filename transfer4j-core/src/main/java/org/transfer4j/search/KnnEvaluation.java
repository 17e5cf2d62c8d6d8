package org.transfer4j.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.transfer4j.BadInputException;
import org.transfer4j.task.ClassificationTask;
import org.transfer4j.task.Scores;

/**
 * Scores k-nearest-neighbour classification of labelled queries against a labelled index, with the
 * same report and files as {@code evaluate}. Both searches run on every query: exact search is the
 * reference for HNSW's recall@k, and both are timed (queries per second, encoding excluded, after a
 * short untimed warm-up); the predictions come from HNSW, or from exact search when asked.
 *
 * <pre>{@code
 * KnnEvaluation.Result r = KnnEvaluation.run(index, vectors, goldLabels, 1, false, 100);
 * System.out.print(r.scores().text());
 * }</pre>
 */
public final class KnnEvaluation {
  /** Queries searched once, untimed, before the timed passes. */
  static final int WARM_UP = 200;

  private KnnEvaluation() {}

  /**
   * What a run measured.
   *
   * @param scores the classification report, metrics and files
   * @param predictions each query's predicted label
   * @param k neighbours per query
   * @param recall mean over queries of |HNSW top-k ∩ exact top-k| / |exact top-k|
   * @param exactQueriesPerSecond exact search's throughput (batched matrix products)
   * @param hnswQueriesPerSecond HNSW's throughput (queries spread over the cores)
   */
  public record Result(
      Scores scores,
      List<String> predictions,
      int k,
      double recall,
      double exactQueriesPerSecond,
      double hnswQueriesPerSecond) {}

  /**
   * Classifies {@code queries} (vectors of the index's model) and scores them against {@code gold}
   * (one label per query).
   *
   * @param exact vote with exact search's neighbours instead of HNSW's
   * @param candidates HNSW candidates per query (see {@link VectorIndex#search(float[], int, int)})
   */
  public static Result run(
      VectorIndex index, float[][] queries, List<String> gold, int k, boolean exact, int candidates)
      throws IOException {
    if (queries.length != gold.size()) {
      throw new IllegalArgumentException(queries.length + " queries, " + gold.size() + " labels");
    }
    if (index.metadata().labelColumn() == null || index.labels().isEmpty()) {
      throw new BadInputException(
          index.dir() + ": the index has no labels; rebuild it with --label-column");
    }
    ExactSearch reference = index.exact(); // reads the vectors once, outside the timing
    // Warm both paths (JIT for Lucene's graph walk, libtorch's first GEMM) on a few queries, so the
    // timings measure steady-state search rather than class loading and compilation.
    float[][] warm = java.util.Arrays.copyOf(queries, Math.min(WARM_UP, queries.length));
    reference.search(warm, k);
    index.searchAll(warm, k, candidates);
    long t0 = System.nanoTime();
    Hit[][] exactHits = reference.search(queries, k);
    long t1 = System.nanoTime();
    Hit[][] hnswHits = index.searchAll(queries, k, candidates);
    long t2 = System.nanoTime();

    // Report labels: the index's, then query labels it has never seen (always mispredicted).
    List<String> labels = new ArrayList<>(index.labels());
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      ids.put(labels.get(i), i);
    }
    int[] goldIds = new int[gold.size()];
    for (int i = 0; i < goldIds.length; i++) {
      goldIds[i] =
          ids.computeIfAbsent(
              gold.get(i),
              l -> {
                labels.add(l);
                return labels.size() - 1;
              });
    }
    KnnVote vote = new KnnVote(index.labels().size());
    int[] pred = new int[queries.length];
    List<String> predictions = new ArrayList<>(queries.length);
    for (int q = 0; q < queries.length; q++) {
      pred[q] = vote.predict(exact ? exactHits[q] : hnswHits[q], index::labelId);
      if (pred[q] < 0) {
        throw new BadInputException(
            index.dir()
                + ": no labelled neighbour for query "
                + (q + 1)
                + "; are rows unlabelled?");
      }
      predictions.add(labels.get(pred[q]));
    }
    Scores scores = ClassificationTask.score(goldIds, pred, labels);
    return new Result(
        scores,
        predictions,
        k,
        recall(hnswHits, exactHits),
        queries.length / seconds(t1 - t0),
        queries.length / seconds(t2 - t1));
  }

  /** Mean over queries of the share of exact neighbours that the approximate search found. */
  public static double recall(Hit[][] approximate, Hit[][] exact) {
    if (exact.length == 0) {
      return 1;
    }
    double sum = 0;
    for (int q = 0; q < exact.length; q++) {
      if (exact[q].length == 0) {
        sum += 1;
        continue;
      }
      int found = 0;
      for (Hit e : exact[q]) {
        for (Hit a : approximate[q]) {
          if (a.row() == e.row()) {
            found++;
            break;
          }
        }
      }
      sum += (double) found / exact[q].length;
    }
    return sum / exact.length;
  }

  private static double seconds(long nanos) {
    return Math.max(nanos, 1) / 1e9;
  }
}
