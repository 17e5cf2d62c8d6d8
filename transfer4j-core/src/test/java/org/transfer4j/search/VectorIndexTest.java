package org.transfer4j.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;

class VectorIndexTest {
  @TempDir Path tmp;

  static IndexMetadata metadata(int dim, VectorSimilarity sim, String labelColumn) {
    return new IndexMetadata(
        IndexMetadata.FORMAT,
        IndexMetadata.VERSION,
        "test-model",
        "fp-1",
        "mean",
        sim == VectorSimilarity.DOT_PRODUCT,
        dim,
        0,
        sim.id(),
        "text",
        labelColumn,
        16,
        100,
        "2026-12-07T00:00:00Z");
  }

  static float[] randomUnit(Random rnd, int dim) {
    float[] v = new float[dim];
    for (int j = 0; j < dim; j++) {
      v[j] = (float) rnd.nextGaussian();
    }
    return ExactSearch.normalizeRows(v, dim);
  }

  /** 2,000 random unit vectors in 32 dimensions: HNSW's top 10 against exact search's. */
  @Test
  void hnswRecallAt10IsAtLeast95PercentOnRandomUnitVectors() throws IOException {
    int n = 2000;
    int dim = 32;
    Random rnd = new Random(7);
    Path dir = tmp.resolve("random");
    try (VectorIndexWriter w =
        VectorIndexWriter.create(dir, metadata(dim, VectorSimilarity.DOT_PRODUCT, null), false)) {
      for (int i = 0; i < n; i++) {
        w.add(randomUnit(rnd, dim), "row " + i, null);
      }
      w.finish();
    }
    float[][] queries = new float[200][];
    for (int q = 0; q < queries.length; q++) {
      queries[q] = randomUnit(rnd, dim);
    }
    try (VectorIndex index = VectorIndex.open(dir)) {
      Hit[][] exact = index.exact().search(queries, 10);
      Hit[][] hnsw = index.searchAll(queries, 10, VectorIndex.DEFAULT_CANDIDATES);
      double recall = KnnEvaluation.recall(hnsw, exact);
      assertThat(recall).isGreaterThanOrEqualTo(0.95);
      // Scores are the plain dot products, not Lucene's (1 + s) / 2.
      assertThat(hnsw[0][0].score())
          .isCloseTo(exact[0][0].score(), org.assertj.core.data.Offset.offset(1e-5f));
      // Fewer candidates than k: the graph walk still returns k.
      assertThat(index.search(queries[0], 10, 1)).hasSize(10);
    }
  }

  @Test
  void roundTripKeepsRowsTextsLabelsVectorsAndMetadata() throws IOException {
    Path dir = tmp.resolve("idx");
    String[] texts = {"How old are you?", "What is your age?", "My card was lost", "Stolen card"};
    String[] labels = {"age", "age", "card", "card"};
    float[][] v = {{1, 0, 0}, {0.9f, 0.1f, 0}, {0, 1, 0}, {0, 0.8f, 0.6f}};
    try (VectorIndexWriter w =
        VectorIndexWriter.create(dir, metadata(3, VectorSimilarity.COSINE, "label"), false)) {
      for (int i = 0; i < texts.length; i++) {
        w.add(v[i], texts[i], labels[i]);
      }
      assertThat(w.finish().count()).isEqualTo(4);
    }
    assertThat(Files.list(tmp).map(p -> p.getFileName().toString())).containsExactly("idx");
    try (VectorIndex index = VectorIndex.open(dir)) {
      assertThat(index.size()).isEqualTo(4);
      assertThat(index.metadata().count()).isEqualTo(4);
      assertThat(index.metadata().model()).isEqualTo("test-model");
      assertThat(index.labels()).containsExactly("age", "card");
      for (int i = 0; i < texts.length; i++) {
        assertThat(index.text(i)).isEqualTo(texts[i]);
        assertThat(index.label(i)).isEqualTo(labels[i]);
      }
      assertThat(index.vectors()).containsExactly(1, 0, 0, 0.9f, 0.1f, 0, 0, 1, 0, 0, 0.8f, 0.6f);
      Hit[] hits = index.search(new float[] {0, 2, 0}, 2);
      assertThat(hits).extracting(Hit::row).containsExactly(2, 3);
      assertThat(hits[0].score()).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
      assertThat(hits[1].score()).isCloseTo(0.8f, org.assertj.core.data.Offset.offset(1e-6f));
      Hit[] exact = index.exact().search(new float[][] {{0, 2, 0}}, 2)[0];
      assertThat(exact).extracting(Hit::row).containsExactly(2, 3);
    }
  }

  @Test
  void refusesAnExistingNonEmptyOutputUnlessOverwriteAndLeavesItIntactOnFailure()
      throws IOException {
    Path dir = tmp.resolve("taken");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("keep.txt"), "x");
    assertThatThrownBy(
            () -> VectorIndexWriter.create(dir, metadata(2, VectorSimilarity.COSINE, null), false))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--overwrite");
    // An abandoned build leaves neither a temporary folder nor a changed target.
    try (VectorIndexWriter w =
        VectorIndexWriter.create(dir, metadata(2, VectorSimilarity.COSINE, null), true)) {
      w.add(new float[] {1, 0}, "a", null);
    }
    assertThat(Files.list(tmp).map(p -> p.getFileName().toString())).containsExactly("taken");
    assertThat(dir.resolve("keep.txt")).exists();
    try (VectorIndexWriter w =
        VectorIndexWriter.create(dir, metadata(2, VectorSimilarity.COSINE, null), true)) {
      w.add(new float[] {1, 0}, "a", null);
      w.finish();
    }
    assertThat(dir.resolve("keep.txt")).doesNotExist();
    assertThat(dir.resolve(IndexMetadata.FILE)).exists();
  }

  @Test
  void queryFromAnotherModelIsRefusedNamingBothModels() throws IOException {
    Path dir = tmp.resolve("idx");
    try (VectorIndexWriter w =
        VectorIndexWriter.create(dir, metadata(2, VectorSimilarity.COSINE, null), false)) {
      w.add(new float[] {1, 0}, "a", null);
      w.finish();
    }
    IndexMetadata m = IndexMetadata.read(dir);
    m.requireSameModel("fp-1", "test-model", dir);
    assertThatThrownBy(() -> m.requireSameModel("fp-2", "other-model", dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("'test-model'")
        .hasMessageContaining("'other-model'")
        .hasMessageContaining("fp-2");
  }

  @Test
  void aFolderThatIsNotAnIndexIsOneClearError() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> VectorIndex.open(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("not a vector index");
    Files.writeString(dir.resolve(IndexMetadata.FILE), "{\"format\": \"something-else\"}");
    assertThatThrownBy(() -> VectorIndex.open(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("metadata");
  }
}
