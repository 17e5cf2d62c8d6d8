package org.transfer4j.data;

/**
 * The output of {@link MlmCollator}: masked inputs and their labels, row-major {@code (rows,
 * seqLen)}.
 *
 * @param rows batch size
 * @param seqLen padded sequence length
 * @param inputIds the masked input ids {@code (rows, seqLen)}
 * @param labels the original id where a token was selected, {@link Labels#IGNORE} elsewhere {@code
 *     (rows, seqLen)}
 * @param maskedPositions flat positions {@code row * seqLen + position} of the selected tokens, in
 *     increasing order {@code (masked)}: gather the hidden states there and compute MLM logits only
 *     for them
 * @param maskedLabels the original ids at {@code maskedPositions} {@code (masked)}
 */
public record MaskedLm(
    int rows,
    int seqLen,
    long[] inputIds,
    long[] labels,
    long[] maskedPositions,
    long[] maskedLabels) {}
