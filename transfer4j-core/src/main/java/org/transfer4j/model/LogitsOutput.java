package org.transfer4j.model;

import ai.djl.ndarray.NDArray;

/**
 * A head's scores and the encoder output they came from: sequence classification {@code (batch,
 * labels)}, token classification {@code (batch, seq, labels)}, multiple choice {@code (batch,
 * choices)}, masked LM {@code (batch, seq, vocab)}.
 */
public record LogitsOutput(NDArray logits, EncoderOutput encoder) {}
