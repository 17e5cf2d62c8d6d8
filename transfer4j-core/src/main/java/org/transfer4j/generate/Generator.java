package org.transfer4j.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.CausalLm;
import org.transfer4j.nn.KvCache;

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
   * Generates continuations of equal-length prompts.
   *
   * @param prompts {@code batch x promptLength} token ids (no padding: all rows the same length)
   * @return per row the prompt followed by the generated tokens; rows that produced the EOS token
   *     before the others are padded with it (beam search returns the best hypothesis per row)
   */
  public long[][] generate(long[][] prompts, GenerationConfig c) {
    int promptLength = checkPrompts(prompts, model.vocabSize());
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
      return new BeamSearch(model, c).run(prompts);
    }
    if (c.doSample()) {
      Bootstrap.seed(c.seed());
    }
    int batch = prompts.length;
    long[][] seq = new long[batch][total];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(prompts[b], 0, seq[b], 0, promptLength);
    }
    boolean[] done = new boolean[batch];
    int length = promptLength;
    NDManager gen = model.manager().newSubManager();
    model.beginInference(gen);
    try (gen;
        KvCache cache = c.useCache() ? model.newCache(gen, batch, total) : null) {
      for (int step = 0; step < c.maxNewTokens(); step++) {
        long[] next;
        try (NDManager s = gen.newSubManager()) {
          NDArray ids;
          if (cache == null) {
            ids = s.create(slice(seq, 0, length)); // (batch, length): full recompute
          } else if (step == 0) {
            ids = s.create(slice(seq, 0, promptLength)); // (batch, prompt)
          } else {
            ids = s.create(slice(seq, length - 1, length)); // (batch, 1)
          }
          NDArray logits = model.nextTokenLogits(ids, cache); // (batch, vocab)
          NDArray chosen = c.doSample() ? Sampling.sample(logits, c) : Sampling.greedy(logits);
          next = chosen.toLongArray();
        }
        boolean all = true;
        for (int b = 0; b < batch; b++) {
          seq[b][length] = done[b] ? c.eosTokenId() : next[b];
          done[b] |= c.eosTokenId() >= 0 && next[b] == c.eosTokenId();
          all &= done[b];
        }
        length++;
        if (all) {
          break;
        }
      }
    } finally {
      model.endInference();
    }
    return slice(seq, 0, length);
  }

  static int checkPrompts(long[][] prompts, int vocab) {
    if (prompts.length == 0 || prompts[0].length == 0) {
      throw new IllegalArgumentException("the prompt is empty: give at least one token id");
    }
    int n = prompts[0].length;
    for (long[] p : prompts) {
      if (p.length != n) {
        throw new IllegalArgumentException(
            "prompts of a batch must have the same length (got " + n + " and " + p.length + ")");
      }
      for (long id : p) {
        if (id < 0 || id >= vocab) {
          throw new IllegalArgumentException(
              "token id " + id + " is outside the model's vocabulary [0, " + vocab + ")");
        }
      }
    }
    return n;
  }

  static long[][] slice(long[][] seq, int from, int to) {
    long[][] out = new long[seq.length][];
    for (int b = 0; b < seq.length; b++) {
      out[b] = Arrays.copyOfRange(seq[b], from, to);
    }
    return out;
  }
}
