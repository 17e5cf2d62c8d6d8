/**
 * Pretrained word vectors: readers for word2vec/fastText {@code .vec} text (with the {@code count
 * dim} header), GloVe text (without it) and word2vec binary, plain or inside {@code .gz}/{@code
 * .zip}; {@link org.transfer4j.vectors.WordVectors} with nearest neighbours and analogies by
 * cosine.
 */
package org.transfer4j.vectors;
