/**
 * Nearest neighbours of sentence vectors: exact search ({@link org.transfer4j.search.ExactSearch}:
 * batched matrix products and a bounded heap), on-disk Lucene HNSW indexes ({@link
 * org.transfer4j.search.VectorIndexWriter}, {@link org.transfer4j.search.VectorIndex}) whose {@link
 * org.transfer4j.search.IndexMetadata} records the encoder's fingerprint, indexes built from text
 * files ({@link org.transfer4j.search.IndexBuilder}) and k-nearest-neighbour classification scored
 * like {@code evaluate} ({@link org.transfer4j.search.KnnEvaluation}).
 *
 * <pre>{@code
 * try (SentenceEncoder enc = SentenceEncoder.load("all-MiniLM-L6-v2", EncoderOptions.defaults())) {
 *   IndexBuilder.build(enc, Path.of("train.csv"), "text", "category", Path.of("idx"), false, err);
 * }
 * try (VectorIndex index = VectorIndex.open(Path.of("idx"));
 *     SentenceEncoder enc = IndexBuilder.queryEncoder(index, null, 32)) {
 *   Hit[] hits = index.search(enc.encode("card lost"), 5);
 * }
 * }</pre>
 */
package org.transfer4j.search;
