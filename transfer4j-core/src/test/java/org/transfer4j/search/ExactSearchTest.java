package org.transfer4j.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exact search against a brute-force reference: every score, then a full stable sort. */
class ExactSearchTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // name, rows, dim, queries, k, similarity, integer-valued (many ties)
        Arguments.of("k < n", 50, 8, 7, 5, VectorSimilarity.COSINE, false),
        Arguments.of("k = n", 12, 4, 3, 12, VectorSimilarity.COSINE, false),
        Arguments.of("k > n", 6, 4, 3, 10, VectorSimilarity.DOT_PRODUCT, false),
        Arguments.of("k = 1", 40, 16, 9, 1, VectorSimilarity.DOT_PRODUCT, false),
        Arguments.of("ties", 30, 3, 10, 7, VectorSimilarity.DOT_PRODUCT, true),
        Arguments.of("ties, cosine", 30, 2, 10, 4, VectorSimilarity.COSINE, true),
        // Blocks of 100 / 30 = 3 queries, the last one partial (10 = 3 + 3 + 3 + 1).
        Arguments.of("several blocks", 30, 4, 10, 3, VectorSimilarity.COSINE, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesBruteForce(
      String name, int n, int dim, int nq, int k, VectorSimilarity sim, boolean integers) {
    Random rnd = new Random(n * 31L + dim);
    float[] rows = new float[n * dim];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = integers ? rnd.nextInt(3) - 1 : (float) rnd.nextGaussian();
    }
    if (sim == VectorSimilarity.DOT_PRODUCT && !integers) {
      ExactSearch.normalizeRows(rows, dim);
    }
    float[][] queries = new float[nq][dim];
    for (float[] q : queries) {
      for (int j = 0; j < dim; j++) {
        q[j] = integers ? rnd.nextInt(3) - 1 : (float) rnd.nextGaussian();
      }
    }
    Hit[][] got;
    try (ExactSearch s =
        ExactSearch.of(
            rows, dim, sim, name.equals("several blocks") ? 100 : ExactSearch.BLOCK_SCORES)) {
      got = s.search(queries, k);
    }
    for (int q = 0; q < nq; q++) {
      List<Hit> want = bruteForce(rows, dim, queries[q], sim, k);
      assertThat(got[q]).as("query %d", q).hasSize(want.size());
      for (int i = 0; i < want.size(); i++) {
        Hit w = want.get(i);
        Hit g = got[q][i];
        assertThat(g.score()).as("query %d rank %d", q, i).isCloseTo(w.score(), within(1e-4f));
        if (integers && sim == VectorSimilarity.DOT_PRODUCT) {
          // Exact integer scores: ties are real ties and must go to the lower row.
          assertThat(g.row()).as("query %d rank %d", q, i).isEqualTo(w.row());
        }
      }
      if (!integers) {
        assertThat(rowsOf(got[q])).as("query %d", q).isEqualTo(rowsOf(want.toArray(Hit[]::new)));
      }
    }
  }

  private static org.assertj.core.data.Offset<Float> within(float d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  private static List<Integer> rowsOf(Hit[] hits) {
    List<Integer> out = new ArrayList<>();
    for (Hit h : hits) {
      out.add(h.row());
    }
    return out;
  }

  /** Every score in double precision, sorted by score descending then row ascending. */
  static List<Hit> bruteForce(float[] rows, int dim, float[] q, VectorSimilarity sim, int k) {
    int n = rows.length / dim;
    List<Hit> all = new ArrayList<>();
    double qn = norm(q, 0, dim);
    for (int r = 0; r < n; r++) {
      double dot = 0;
      for (int j = 0; j < dim; j++) {
        dot += (double) q[j] * rows[r * dim + j];
      }
      if (sim == VectorSimilarity.COSINE) {
        double rn = norm(rows, r * dim, dim);
        dot = rn == 0 || qn == 0 ? 0 : dot / (rn * qn);
      }
      all.add(new Hit(r, (float) dot));
    }
    all.sort(Comparator.comparing(Hit::score).reversed().thenComparing(Hit::row));
    return all.subList(0, Math.min(k, n));
  }

  private static double norm(float[] a, int off, int dim) {
    double s = 0;
    for (int j = 0; j < dim; j++) {
      s += (double) a[off + j] * a[off + j];
    }
    return Math.sqrt(s);
  }
}
