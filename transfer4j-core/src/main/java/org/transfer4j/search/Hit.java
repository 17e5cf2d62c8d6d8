package org.transfer4j.search;

/**
 * One neighbour: a row of the searched matrix (an index's document number) and its similarity to
 * the query (cosine or dot product, see {@link VectorSimilarity}; higher is closer).
 *
 * @param row the row (0-based, in the order the vectors were added)
 * @param score the similarity
 */
public record Hit(int row, float score) {}
