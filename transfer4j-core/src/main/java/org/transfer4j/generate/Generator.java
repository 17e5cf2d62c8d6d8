package org.transfer4j.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.CausalLm;
import org.transfer4j.model.DecodingCache;

/**
 * Autoregressive generation with a {@link CausalLm}: greedy decoding, sampling (temperature, top-k,
 * top-p) and beam search, with or without the key/value cache. With the cache the prompt is run
 * once and every later step feeds only the newest token; only the last position's logits are
 * computed. Each step's tensors live in a sub-manager that is closed at the end of the step.
 *
 * <pre>{@code
 * Generator generator = new Generator(model);
 * long[][] out = generator.generate(new long[][] {{464, 3290}}, GenerationConfig.greedy(20));
 * // out[0] = the prompt followed by 20 tokens
 * }</pre>
 */
public final class Generator {
  private final CausalLm model;

  public Generator(CausalLm model) {
    this.model = model;
  }

  /**
   * Generates continuations of a batch of prompts.
   *
   * <p>Prompts of different lengths are left-padded: padded positions are masked out of the
   * attention and each row's positions count only its real tokens, so a row gets the same tokens as
   * when generated alone (up to float rounding in near ties).
   *
   * @param prompts {@code batch} rows of token ids
   * @return per row its prompt followed by the generated tokens; rows that produced the EOS token
   *     before the others are padded with it (beam search returns the best hypothesis per row)
   */
  public long[][] generate(long[][] prompts, GenerationConfig c) {
    return generate(prompts, c, null);
  }

  /**
   * Called after each token a row receives (greedy decoding and sampling), for streaming and
   * stopping criteria such as stop strings.
   */
  @FunctionalInterface
  public interface StepCallback {
    /**
     * @param row the row (of {@code prompts.length * numReturnSequences})
     * @param tokens the row's buffer: its generated tokens are {@code tokens[promptEnd, length)}
     * @param promptEnd where the prompt ends in {@code tokens}
     * @param length the row's length, the newest token at {@code length - 1}
     * @return true to finish the row here, as the end-of-sequence token does
     */
    boolean afterToken(int row, long[] tokens, int promptEnd, int length);

    /**
     * Called once when a row ends (end-of-sequence, {@link #afterToken} returning true, or the
     * token limit), while other rows may decode on: {@code tokens[promptEnd, length)} are its
     * generated tokens, the end-of-sequence token included when there was one. Default: nothing.
     */
    default void finished(int row, long[] tokens, int promptEnd, int length) {}
  }

  /**
   * As {@link #generate(long[][], GenerationConfig)}, calling {@code callback} (may be {@code
   * null}) after every new token of a running row. With {@code numReturnSequences = n} the result
   * has {@code n} rows per prompt, prompt by prompt (beam search: best first). A row finished by
   * the callback is padded like one that produced EOS (with token 0 when there is no EOS).
   */
  public long[][] generate(long[][] prompts, GenerationConfig c, StepCallback callback) {
    int returned = c.numReturnSequences();
    if (returned > 1 && c.numBeams() == 1) {
      long[][] expanded = new long[prompts.length * returned][];
      for (int i = 0; i < expanded.length; i++) {
        expanded[i] = prompts[i / returned];
      }
      prompts = expanded;
    }
    int promptLength = checkPrompts(prompts, model.vocabSize()); // the longest
    int total = promptLength + c.maxNewTokens();
    if (total > model.maxPositions()) {
      throw new IllegalArgumentException(
          "prompt ("
              + promptLength
              + " tokens) + max_new_tokens ("
              + c.maxNewTokens()
              + ") exceeds the model's "
              + model.maxPositions()
              + " positions; shorten the prompt or lower --max-new-tokens");
    }
    model.train(false);
    if (c.numBeams() > 1) {
      if (isRagged(prompts)) {
        throw new IllegalArgumentException(
            "beam search needs prompts of the same length; run them one at a time");
      }
      return new BeamSearch(model, c).run(prompts);
    }
    if (c.doSample()) {
      Bootstrap.seed(c.seed());
    }
    int batch = prompts.length;
    boolean padded = isRagged(prompts);
    long[][] seq = new long[batch][total];
    long[][] mask = padded ? new long[batch][total] : null; // 1 = token, 0 = left padding
    long[][] pos = padded ? new long[batch][total] : null; // positions counting tokens only
    for (int b = 0; b < batch; b++) {
      int pad = promptLength - prompts[b].length;
      System.arraycopy(prompts[b], 0, seq[b], pad, prompts[b].length);
      if (padded) {
        for (int i = 0; i < total; i++) {
          mask[b][i] = i < pad ? 0 : 1;
          pos[b][i] = Math.max(0, i - pad);
        }
      }
    }
    boolean[] done = new boolean[batch];
    int[] starts = new int[batch]; // where each row's real tokens begin (after left padding)
    for (int b = 0; b < batch; b++) {
      starts[b] = promptLength - prompts[b].length;
    }
    long padToken = Math.max(c.eosTokenId(), 0);
    int length = promptLength;
    NDManager gen = model.manager().newSubManager();
    model.beginInference(gen);
    try (gen;
        DecodingCache cache = c.useCache() ? model.newCache(gen, batch, total) : null) {
      for (int step = 0; step < c.maxNewTokens(); step++) {
        long[] next;
        try (NDManager s = gen.newSubManager()) {
          // Full recompute: the whole sequence; with the cache: the prompt, then the newest token.
          int from = cache == null || step == 0 ? 0 : length - 1;
          NDArray ids = s.create(slice(seq, from, length)); // (batch, length - from)
          NDArray maskArray = padded ? s.create(slice(mask, 0, length)) : null;
          NDArray posArray = padded ? s.create(slice(pos, from, length)) : null;
          NDArray logits = model.nextTokenLogits(ids, maskArray, posArray, cache); // (batch, V)
          logits = LogitsProcessors.apply(logits, seq, starts, length, c);
          NDArray chosen = c.doSample() ? Sampling.sample(logits, c) : Sampling.greedy(logits);
          next = chosen.toLongArray();
        }
        boolean all = true;
        for (int b = 0; b < batch; b++) {
          if (done[b]) {
            seq[b][length] = padToken;
          } else {
            seq[b][length] = next[b];
            done[b] = c.eosTokenId() >= 0 && next[b] == c.eosTokenId();
            if (!done[b] && callback != null) {
              done[b] = callback.afterToken(b, seq[b], promptLength, length + 1);
            }
            if (done[b] && callback != null) {
              callback.finished(b, seq[b], promptLength, length + 1);
            }
          }
          all &= done[b];
        }
        length++;
        if (all) {
          break;
        }
      }
      for (int b = 0; b < batch && callback != null; b++) {
        if (!done[b]) { // ran to max_new_tokens
          callback.finished(b, seq[b], promptLength, length);
        }
      }
    } finally {
      model.endInference();
    }
    long[][] out = new long[batch][];
    for (int b = 0; b < batch; b++) {
      out[b] = Arrays.copyOfRange(seq[b], promptLength - prompts[b].length, length);
    }
    return out;
  }

  /** Checks ids and lengths; returns the longest prompt's length. */
  static int checkPrompts(long[][] prompts, int vocab) {
    if (prompts.length == 0) {
      throw new IllegalArgumentException("no prompt given");
    }
    int longest = 0;
    for (long[] p : prompts) {
      if (p.length == 0) {
        throw new IllegalArgumentException("a prompt is empty: give at least one token id");
      }
      longest = Math.max(longest, p.length);
      for (long id : p) {
        if (id < 0 || id >= vocab) {
          throw new IllegalArgumentException(
              "token id " + id + " is outside the model's vocabulary [0, " + vocab + ")");
        }
      }
    }
    return longest;
  }

  static boolean isRagged(long[][] prompts) {
    for (long[] p : prompts) {
      if (p.length != prompts[0].length) {
        return true;
      }
    }
    return false;
  }

  static long[][] slice(long[][] seq, int from, int to) {
    long[][] out = new long[seq.length][];
    for (int b = 0; b < seq.length; b++) {
      out[b] = Arrays.copyOfRange(seq[b], from, to);
    }
    return out;
  }
}
