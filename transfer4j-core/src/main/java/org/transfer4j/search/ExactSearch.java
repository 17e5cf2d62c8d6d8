package org.transfer4j.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Exact (brute-force) nearest neighbours: every query is compared with every row. Queries go in
 * blocks through one matrix product {@code (b, dim) x (dim, n)} in libtorch, then each row of
 * scores through a {@link TopK} heap.
 *
 * <p>Why a DJL matrix product rather than a Java loop: the scores are a GEMM, which libtorch runs
 * with packed SIMD kernels on every core; a Java dot-product loop on Java 17 is scalar (C2 does not
 * vectorise float reductions, and the Vector API is still incubating). On BANKING77's 10,003 x 384
 * training matrix and its 3,080 test queries the batched product was 15-18x faster than a
 * four-accumulator Java loop on the same 2 cores, with identical top 10 (BENCHMARKS.md,
 * "Nearest-neighbour search"). The top-k pass stays in Java: it is O(n) per query with a k-sized
 * heap and allocates nothing per score.
 *
 * <pre>{@code
 * try (ExactSearch s = ExactSearch.of(rows, 384, VectorSimilarity.COSINE)) { // rows: n * 384 floats
 *   Hit[][] hits = s.search(queries, 10); // best first, per query
 * }
 * }</pre>
 */
public final class ExactSearch implements AutoCloseable {
  /** Scores per block (floats): 16 MB, so memory stays bounded however many queries come. */
  static final int BLOCK_SCORES = 1 << 22;

  private final NDManager manager;
  private final NDArray transposed; // (dim, n)
  private final int rows;
  private final int dim;
  private final VectorSimilarity similarity;
  private final int blockScores;

  private ExactSearch(float[] matrix, int dim, VectorSimilarity similarity, int blockScores) {
    this.blockScores = blockScores;
    this.dim = dim;
    this.rows = matrix.length / dim;
    this.similarity = similarity;
    this.manager = NDManager.newBaseManager();
    float[] m = similarity == VectorSimilarity.COSINE ? normalizeRows(matrix.clone(), dim) : matrix;
    NDArray a = manager.create(m, new Shape(rows, dim)); // (n, dim)
    // A transposed view, made once in this manager: GEMM reads it with its transpose flag, no copy.
    this.transposed = a.transpose(); // (dim, n)
  }

  /**
   * A search over {@code matrix}, {@code n * dim} floats row-major (row i is vector i). For cosine
   * the rows are normalised on a copy; the caller's array is not changed.
   */
  public static ExactSearch of(float[] matrix, int dim, VectorSimilarity similarity) {
    return of(matrix, dim, similarity, BLOCK_SCORES);
  }

  /** As {@link #of(float[], int, VectorSimilarity)} with blocks of {@code blockScores} scores. */
  static ExactSearch of(float[] matrix, int dim, VectorSimilarity similarity, int blockScores) {
    if (dim < 1 || matrix.length % dim != 0) {
      throw new IllegalArgumentException(
          "matrix of " + matrix.length + " floats is not rows of dimension " + dim);
    }
    return new ExactSearch(matrix, dim, similarity, blockScores);
  }

  /** Number of rows searched. */
  public int size() {
    return rows;
  }

  public int dimension() {
    return dim;
  }

  /**
   * The {@code min(k, n)} nearest rows of each query, best first (ties: lower row first).
   *
   * @param queries one vector of {@link #dimension()} floats per query
   */
  public Hit[][] search(float[][] queries, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    Hit[][] out = new Hit[queries.length][];
    if (rows == 0) {
      for (int q = 0; q < queries.length; q++) {
        out[q] = new Hit[0];
      }
      return out;
    }
    int block = Math.max(1, Math.min(queries.length, blockScores / rows));
    float[] packed = new float[block * dim];
    TopK top = new TopK(Math.min(k, rows));
    for (int start = 0; start < queries.length; start += block) {
      int b = Math.min(block, queries.length - start);
      for (int i = 0; i < b; i++) {
        float[] q = queries[start + i];
        if (q.length != dim) {
          throw new IllegalArgumentException(
              "query " + (start + i) + " has " + q.length + " dimensions, the rows " + dim);
        }
        System.arraycopy(q, 0, packed, i * dim, dim);
      }
      if (similarity == VectorSimilarity.COSINE) {
        normalizeRows(packed, dim);
      }
      float[] scores;
      try (NDManager sub = manager.newSubManager()) {
        NDArray qs = sub.create(packed, new Shape(block, dim)); // (block, dim)
        // (block, dim) x (dim, n) -> (block, n); rows past b of a last partial block are stale.
        scores = qs.matMul(transposed).toFloatArray();
      }
      for (int i = 0; i < b; i++) {
        int base = i * rows;
        for (int r = 0; r < rows; r++) {
          top.offer(r, scores[base + r]);
        }
        out[start + i] = top.drain();
      }
    }
    return out;
  }

  /** Scales each {@code dim}-float row of {@code m} to unit length (zero rows stay zero). */
  static float[] normalizeRows(float[] m, int dim) {
    for (int base = 0; base < m.length; base += dim) {
      double sum = 0;
      for (int j = 0; j < dim; j++) {
        sum += (double) m[base + j] * m[base + j];
      }
      if (sum > 0) {
        float inv = (float) (1 / Math.sqrt(sum));
        for (int j = 0; j < dim; j++) {
          m[base + j] *= inv;
        }
      }
    }
    return m;
  }

  @Override
  public void close() {
    manager.close();
  }
}
