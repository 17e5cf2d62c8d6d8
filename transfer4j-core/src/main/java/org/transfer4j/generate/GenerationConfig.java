package org.transfer4j.generate;

/**
 * How to generate: how many tokens, and which decoding strategy (greedy, sampling, beam search).
 * Names follow Hugging Face's {@code GenerationConfig} ({@code maxNewTokens} for {@code
 * max_new_tokens}).
 *
 * <pre>{@code
 * GenerationConfig greedy = GenerationConfig.greedy(20);
 * GenerationConfig nucleus = GenerationConfig.sampling(50, 0.8f, 0, 0.95f, 7L);
 * GenerationConfig beams = GenerationConfig.beamSearch(20, 4, 1.0f);
 * }</pre>
 *
 * @param maxNewTokens tokens to generate after the prompt (stops early when every sequence has
 *     produced {@code eosTokenId})
 * @param doSample sample from the (filtered) distribution instead of taking the arg max
 * @param temperature divides the logits before sampling; below 1 sharpens, above 1 flattens
 * @param topK keep only the {@code k} most likely tokens (0: all)
 * @param topP keep the smallest set of most likely tokens whose probability reaches {@code p}
 *     (nucleus sampling, Holtzman et al., 2020); 1: all
 * @param numBeams beams for beam search (1: no beam search)
 * @param lengthPenalty beam scores are {@code sum log p / length^lengthPenalty}
 * @param eosTokenId the end-of-sequence token, or -1 to never stop early
 * @param useCache reuse past keys and values (fast) instead of recomputing the whole sequence
 * @param seed seed of the sampling noise
 * @param repetitionPenalty Hugging Face's {@code repetition_penalty} (Keskar et al., 2019, CTRL):
 *     the logit of every token already in the sequence (prompt included) is divided by it when
 *     positive and multiplied by it when negative; 1: off
 * @param noRepeatNgramSize never produce an n-gram of this size that the sequence (prompt included)
 *     already holds; 0: off
 * @param numReturnSequences sequences per prompt: independent samples when sampling, the best beams
 *     in score order with beam search (at most {@code numBeams}); 1 for greedy decoding
 */
public record GenerationConfig(
    int maxNewTokens,
    boolean doSample,
    float temperature,
    int topK,
    float topP,
    int numBeams,
    float lengthPenalty,
    int eosTokenId,
    boolean useCache,
    long seed,
    float repetitionPenalty,
    int noRepeatNgramSize,
    int numReturnSequences) {

  /** Without repetition controls, one sequence per prompt. */
  public GenerationConfig(
      int maxNewTokens,
      boolean doSample,
      float temperature,
      int topK,
      float topP,
      int numBeams,
      float lengthPenalty,
      int eosTokenId,
      boolean useCache,
      long seed) {
    this(
        maxNewTokens,
        doSample,
        temperature,
        topK,
        topP,
        numBeams,
        lengthPenalty,
        eosTokenId,
        useCache,
        seed,
        1f,
        0,
        1);
  }

  public GenerationConfig {
    if (maxNewTokens < 0) {
      throw new IllegalArgumentException("max_new_tokens must be >= 0, got " + maxNewTokens);
    }
    if (!(temperature > 0) || Float.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("top_k must be >= 0 (0 = off), got " + topK);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
    }
    if (numBeams < 1) {
      throw new IllegalArgumentException("num_beams must be >= 1, got " + numBeams);
    }
    if (numBeams > 1 && doSample) {
      throw new IllegalArgumentException("beam search with sampling is not supported");
    }
    if (eosTokenId < -1) {
      throw new IllegalArgumentException(
          "eos_token_id must be a token id or -1, got " + eosTokenId);
    }
    if (!(repetitionPenalty > 0) || Float.isInfinite(repetitionPenalty)) {
      throw new IllegalArgumentException(
          "repetition_penalty must be > 0 (1 = off), got " + repetitionPenalty);
    }
    if (noRepeatNgramSize < 0) {
      throw new IllegalArgumentException(
          "no_repeat_ngram_size must be >= 0 (0 = off), got " + noRepeatNgramSize);
    }
    if (numReturnSequences < 1) {
      throw new IllegalArgumentException(
          "num_return_sequences must be >= 1, got " + numReturnSequences);
    }
    if (numReturnSequences > 1 && !doSample && numReturnSequences > numBeams) {
      throw new IllegalArgumentException(
          numBeams == 1
              ? "greedy decoding gives one sequence per prompt; sample (temperature, top-k,"
                  + " top-p) or use num_beams >= num_return_sequences for "
                  + numReturnSequences
              : "num_return_sequences ("
                  + numReturnSequences
                  + ") must be <= num_beams ("
                  + numBeams
                  + ")");
    }
  }

  /** Whether repetition penalty or n-gram blocking changes the logits. */
  public boolean hasLogitsProcessors() {
    return repetitionPenalty != 1f || noRepeatNgramSize > 0;
  }

  /** Greedy decoding with the cache, no early stop. */
  public static GenerationConfig greedy(int maxNewTokens) {
    return new GenerationConfig(maxNewTokens, false, 1f, 0, 1f, 1, 1f, -1, true, 0L);
  }

  /** Sampling with temperature, top-k (0: off) and top-p (1: off), seeded. */
  public static GenerationConfig sampling(
      int maxNewTokens, float temperature, int topK, float topP, long seed) {
    return new GenerationConfig(maxNewTokens, true, temperature, topK, topP, 1, 1f, -1, true, seed);
  }

  /** Beam search with {@code numBeams} beams and a length penalty. */
  public static GenerationConfig beamSearch(int maxNewTokens, int numBeams, float lengthPenalty) {
    return new GenerationConfig(
        maxNewTokens, false, 1f, 0, 1f, numBeams, lengthPenalty, -1, true, 0L);
  }

  public GenerationConfig withEosTokenId(int id) {
    return copy(
        maxNewTokens, id, useCache, repetitionPenalty, noRepeatNgramSize, numReturnSequences);
  }

  public GenerationConfig withUseCache(boolean on) {
    return copy(
        maxNewTokens, eosTokenId, on, repetitionPenalty, noRepeatNgramSize, numReturnSequences);
  }

  public GenerationConfig withMaxNewTokens(int n) {
    return copy(n, eosTokenId, useCache, repetitionPenalty, noRepeatNgramSize, numReturnSequences);
  }

  /** Hugging Face's {@code repetition_penalty} (1: off). */
  public GenerationConfig withRepetitionPenalty(float penalty) {
    return copy(maxNewTokens, eosTokenId, useCache, penalty, noRepeatNgramSize, numReturnSequences);
  }

  /** Hugging Face's {@code no_repeat_ngram_size} (0: off). */
  public GenerationConfig withNoRepeatNgramSize(int n) {
    return copy(maxNewTokens, eosTokenId, useCache, repetitionPenalty, n, numReturnSequences);
  }

  /** Hugging Face's {@code num_return_sequences}. */
  public GenerationConfig withNumReturnSequences(int n) {
    return copy(maxNewTokens, eosTokenId, useCache, repetitionPenalty, noRepeatNgramSize, n);
  }

  private GenerationConfig copy(
      int maxNew, int eos, boolean cache, float penalty, int ngram, int returned) {
    return new GenerationConfig(
        maxNew,
        doSample,
        temperature,
        topK,
        topP,
        numBeams,
        lengthPenalty,
        eos,
        cache,
        seed,
        penalty,
        ngram,
        returned);
  }
}
