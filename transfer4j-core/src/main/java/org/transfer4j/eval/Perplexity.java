package org.transfer4j.eval;

/**
 * Perplexity of a language model: {@code exp(total NLL / tokens)}, the exponential of the mean
 * per-token negative log-likelihood (natural log). Accumulate over batches with {@link #add} (sum
 * the token NLLs of each batch, not the batch means, so batches of different sizes weigh right).
 *
 * <pre>{@code
 * Perplexity ppl = new Perplexity();
 * ppl.add(batchSumNll, batchTokens); // per batch
 * double value = ppl.value();
 * }</pre>
 */
public final class Perplexity {
  private double sumNll;
  private long tokens;

  /** Adds a batch: the summed NLL of its {@code tokens} predicted tokens. */
  public void add(double batchSumNll, long batchTokens) {
    if (!(batchSumNll >= 0) || Double.isInfinite(batchSumNll)) {
      throw new IllegalArgumentException("summed NLL must be finite and >= 0, got " + batchSumNll);
    }
    if (batchTokens < 0) {
      throw new IllegalArgumentException("token count must be >= 0, got " + batchTokens);
    }
    sumNll += batchSumNll;
    tokens += batchTokens;
  }

  public long tokens() {
    return tokens;
  }

  /** Mean NLL per token (nats). */
  public double meanNll() {
    if (tokens == 0) {
      throw new IllegalStateException("perplexity of zero tokens is undefined");
    }
    return sumNll / tokens;
  }

  /** {@code exp(mean NLL)}. */
  public double value() {
    return Math.exp(meanNll());
  }

  /** Perplexity from a summed token NLL and the token count. */
  public static double of(double sumNll, long tokens) {
    if (tokens <= 0) {
      throw new IllegalArgumentException("perplexity needs at least one token, got " + tokens);
    }
    Perplexity p = new Perplexity();
    p.add(sumNll, tokens);
    return p.value();
  }
}
