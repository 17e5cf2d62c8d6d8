package org.transfer4j.search;

import java.util.Locale;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * How vectors are compared. Both report the plain similarity (cosine in [-1, 1], or the dot
 * product), never Lucene's rescaled score ({@code (1 + s) / 2}).
 *
 * <pre>{@code
 * VectorSimilarity s = normalized ? VectorSimilarity.DOT_PRODUCT : VectorSimilarity.COSINE;
 * }</pre>
 */
public enum VectorSimilarity {
  /** Cosine: rows and queries are normalised to unit length first. */
  COSINE(VectorSimilarityFunction.COSINE),
  /**
   * Dot product of unit vectors (what a normalising encoder produces): equal to cosine without
   * recomputing norms. Lucene requires unit length for it, so only for normalised vectors.
   */
  DOT_PRODUCT(VectorSimilarityFunction.DOT_PRODUCT);

  private final VectorSimilarityFunction lucene;

  VectorSimilarity(VectorSimilarityFunction lucene) {
    this.lucene = lucene;
  }

  VectorSimilarityFunction lucene() {
    return lucene;
  }

  /**
   * Lucene's score for these two functions is {@code (1 + s) / 2} (so that scores are positive);
   * this is {@code s}.
   */
  float fromLuceneScore(float score) {
    return 2 * score - 1;
  }

  /** The name written in an index's metadata: {@code cosine} or {@code dot_product}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The value of {@link #id()}. */
  public static VectorSimilarity fromId(String id) {
    for (VectorSimilarity s : values()) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown similarity '" + id + "'; use cosine or dot_product");
  }
}
