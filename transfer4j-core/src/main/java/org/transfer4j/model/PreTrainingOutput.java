package org.transfer4j.model;

import ai.djl.ndarray.NDArray;

/**
 * BERT pretraining outputs (Devlin et al., 2019, section 3.1).
 *
 * @param mlmLogits {@code (batch, seq, vocab)}, or {@code (positions, vocab)} when only masked
 *     positions were scored
 * @param seqRelationshipLogits next-sentence (or sentence-order) scores {@code (batch, 2)}
 * @param encoder the encoder output
 */
public record PreTrainingOutput(
    NDArray mlmLogits, NDArray seqRelationshipLogits, EncoderOutput encoder) {}
