package org.transfer4j.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** k-NN classification on a hand-made labelled index in two dimensions. */
class KnnEvaluationTest {
  @TempDir Path tmp;

  @Test
  void oneNeighbourAndSimilarityWeightedVotesAsComputedByHand() throws IOException {
    // Unit vectors at angles: "x" rows near 0 degrees, "y" rows near 90 degrees.
    double[] degrees = {0, 10, 80, 85, 90};
    String[] labels = {"x", "x", "y", "y", "y"};
    Path dir = tmp.resolve("idx");
    try (VectorIndexWriter w =
        VectorIndexWriter.create(
            dir, VectorIndexTest.metadata(2, VectorSimilarity.DOT_PRODUCT, "label"), false)) {
      for (int i = 0; i < degrees.length; i++) {
        w.add(unit(degrees[i]), "row " + i, labels[i]);
      }
      w.finish();
    }
    // Query at 40 degrees: cosines 0.766 (0), 0.866 (10), 0.766 (80), 0.707 (85), 0.643 (90).
    // k=1: nearest is row 1 -> x. k=3: row 1, then rows 0 and 2 (tied): x gets 0.866 + 0.766 or
    // 0.866, y 0.766 or 0 -> x either way. k=5: x 1.632, y 0.766 + 0.707 + 0.643 = 2.116 -> y.
    // Query at 60 degrees: cosines 0.5, 0.643, 0.940, 0.906, 0.866 -> y for every k.
    float[][] queries = {unit(40), unit(60)};
    List<String> gold = List.of("x", "z"); // "z" is unknown to the index: always wrong
    try (VectorIndex index = VectorIndex.open(dir)) {
      for (boolean exact : new boolean[] {true, false}) {
        assertThat(KnnEvaluation.run(index, queries, gold, 1, exact, 100).predictions())
            .containsExactly("x", "y");
        assertThat(KnnEvaluation.run(index, queries, gold, 3, exact, 100).predictions())
            .containsExactly("x", "y");
        KnnEvaluation.Result r5 = KnnEvaluation.run(index, queries, gold, 5, exact, 100);
        assertThat(r5.predictions()).containsExactly("y", "y");
        assertThat(r5.recall()).isEqualTo(1.0);
        assertThat(r5.scores().metrics().get("accuracy")).isEqualTo(0.0);
      }
      KnnEvaluation.Result r1 = KnnEvaluation.run(index, queries, gold, 1, false, 100);
      assertThat(r1.scores().metrics().get("accuracy")).isEqualTo(0.5);
      assertThat(r1.scores().text()).contains(" z ").contains(" x ").contains(" y ");
      assertThat(r1.exactQueriesPerSecond()).isPositive();
      assertThat(r1.hnswQueriesPerSecond()).isPositive();
    }
  }

  @Test
  void recallCountsTheExactNeighboursFound() {
    Hit[][] exact = {{new Hit(1, 1), new Hit(2, 1)}, {new Hit(3, 1), new Hit(4, 1)}};
    Hit[][] approx = {{new Hit(2, 1), new Hit(1, 1)}, {new Hit(3, 1), new Hit(9, 1)}};
    assertThat(KnnEvaluation.recall(approx, exact)).isEqualTo(0.75);
  }

  private static float[] unit(double degrees) {
    double r = Math.toRadians(degrees);
    return new float[] {(float) Math.cos(r), (float) Math.sin(r)};
  }
}
