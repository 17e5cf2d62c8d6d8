/**
 * Sentence vectors from any BERT or DistilBERT folder (or a built-in model name): {@link
 * org.transfer4j.embed.SentenceEncoder} pools the encoder's last hidden state (mean, {@code [CLS]}
 * or max, as Sentence-BERT, Reimers and Gurevych, 2019), batches texts by length and streams large
 * inputs; {@link org.transfer4j.io.NpyWriter} writes the vectors as a NumPy array and {@link
 * org.transfer4j.embed.Similarity} turns them into a cosine matrix and its heat map.
 */
package org.transfer4j.embed;
