package org.transfer4j.pretrain;

import java.nio.file.Path;

/**
 * What a causal-LM run produced.
 *
 * @param modelDir the Hugging Face {@code GPT2LMHeadModel} folder
 * @param steps optimizer updates
 * @param validationPerplexity the last evaluation's perplexity on the held-out blocks
 * @param unigramPerplexity the baseline: perplexity of the held-out blocks under the training
 *     blocks' token frequencies (add-one smoothed)
 * @param tokensPerSecond training tokens per second of the whole run (evaluations and checkpoints
 *     included; the trainer's {@code steps_per_s} in metrics.jsonl is training only)
 * @param blockSize tokens per block
 * @param trainBlocks training blocks per epoch
 * @param validationBlocks held-out blocks
 */
public record ClmResult(
    Path modelDir,
    long steps,
    double validationPerplexity,
    double unigramPerplexity,
    double tokensPerSecond,
    int blockSize,
    long trainBlocks,
    long validationBlocks) {}
