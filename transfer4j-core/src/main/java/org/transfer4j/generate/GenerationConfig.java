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
    long seed) {

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
    return new GenerationConfig(
        maxNewTokens,
        doSample,
        temperature,
        topK,
        topP,
        numBeams,
        lengthPenalty,
        id,
        useCache,
        seed);
  }

  public GenerationConfig withUseCache(boolean on) {
    return new GenerationConfig(
        maxNewTokens,
        doSample,
        temperature,
        topK,
        topP,
        numBeams,
        lengthPenalty,
        eosTokenId,
        on,
        seed);
  }
}
