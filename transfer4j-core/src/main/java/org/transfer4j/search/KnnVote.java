package org.transfer4j.search;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * k-nearest-neighbour classification by votes (Cover and Hart, 1967): with k = 1 the nearest row's
 * label (the notebook's rule); with k > 1 each neighbour votes for its label with its similarity as
 * weight (Dudani, 1976), so a close neighbour outweighs a far one. A tie in weight goes to the
 * label whose nearest neighbour ranks first.
 *
 * <pre>{@code
 * KnnVote vote = new KnnVote(index.labels().size());
 * int label = vote.predict(index.search(query, 5), index::labelId);
 * }</pre>
 */
public final class KnnVote {
  private final double[] weight;
  private final int[] firstRank;

  /** A voter over {@code labelCount} labels; reuses its tallies from query to query. */
  public KnnVote(int labelCount) {
    this.weight = new double[labelCount];
    this.firstRank = new int[labelCount];
  }

  /**
   * The winning label id of {@code hits} (best first), or -1 when there is none (no hits, or none
   * with a label).
   *
   * @param labelOf a row's label id, or -1 for an unlabelled row
   */
  public int predict(Hit[] hits, IntUnaryOperator labelOf) {
    if (hits.length == 1) {
      return labelOf.applyAsInt(hits[0].row());
    }
    Arrays.fill(weight, 0);
    Arrays.fill(firstRank, Integer.MAX_VALUE);
    for (int rank = 0; rank < hits.length; rank++) {
      int l = labelOf.applyAsInt(hits[rank].row());
      if (l >= 0) {
        weight[l] += hits[rank].score();
        firstRank[l] = Math.min(firstRank[l], rank);
      }
    }
    int best = -1;
    for (int l = 0; l < weight.length; l++) {
      if (firstRank[l] == Integer.MAX_VALUE) {
        continue;
      }
      if (best < 0
          || weight[l] > weight[best]
          || (weight[l] == weight[best] && firstRank[l] < firstRank[best])) {
        best = l;
      }
    }
    return best;
  }
}
