package org.transfer4j.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Token selection from next-token logits {@code (batch, vocab)}: greedy arg max, temperature, top-k
 * and top-p filtering, and sampling by the Gumbel-max trick (the arg max of {@code logits -
 * log(-log(u))} with uniform {@code u} is a sample of {@code softmax(logits)}; Gumbel, 1954), since
 * the engine has no multinomial sampler. Filtered-out tokens get {@code -inf} logits.
 */
public final class Sampling {
  private Sampling() {}

  /** The most likely token of each row: {@code (batch)} int64. */
  public static NDArray greedy(NDArray logits) {
    return logits.argMax(-1);
  }

  /**
   * Keeps each row's {@code k} largest logits (ties with the k-th kept too); {@code k <= 0}: all.
   */
  public static NDArray topK(NDArray logits, int k) {
    long vocab = logits.getShape().getLastDimension();
    if (k <= 0 || k >= vocab) {
      return logits;
    }
    NDList top =
        logits.topK(
            k, logits.getShape().dimension() - 1, true, true); // values, indices: (batch, k)
    NDArray kth = top.get(0).get(":, -1:"); // (batch, 1)
    NDArray out = logits.duplicate();
    out.set(out.lt(kth), Float.NEGATIVE_INFINITY);
    return out;
  }

  /**
   * Keeps, per row, the most likely tokens until their probability reaches {@code p} (the token
   * that crosses {@code p} included, as in Hugging Face); {@code p >= 1}: all. Tokens tied with the
   * least likely kept token are kept too.
   */
  public static NDArray topP(NDArray logits, float p) {
    if (p >= 1f) {
      return logits;
    }
    NDArray sorted = logits.neg().sort(-1).neg(); // descending (batch, vocab)
    NDArray probs = sorted.softmax(-1);
    NDArray before = probs.cumSum(-1).sub(probs); // probability of the more likely tokens
    NDArray kept = before.lt(p).sum(new int[] {-1}, true); // (batch, 1), >= 1
    NDArray threshold = sorted.gather(kept.sub(1).toType(DataType.INT64, false), -1); // (batch, 1)
    NDArray out = logits.duplicate();
    out.set(out.lt(threshold), Float.NEGATIVE_INFINITY);
    return out;
  }

  /**
   * One sample per row of {@code softmax(logits)} by the Gumbel-max trick: {@code (batch)} int64.
   * The noise comes from the engine's generator (seed it with {@code Bootstrap.seed}).
   */
  public static NDArray gumbelMax(NDArray logits) {
    NDManager m = logits.getManager();
    // u in [tiny, 1): -log(-log(u)) is finite, so -inf logits stay -inf.
    NDArray u = m.randomUniform(Float.MIN_NORMAL, 1f, logits.getShape(), DataType.FLOAT32);
    NDArray gumbel = u.log().neg().log().neg();
    return logits.add(gumbel).argMax(-1);
  }

  /** The full sampling step of a {@link GenerationConfig}: temperature, top-k, top-p, draw. */
  public static NDArray sample(NDArray logits, GenerationConfig c) {
    NDArray x = c.temperature() == 1f ? logits : logits.div(c.temperature());
    x = topK(x, c.topK());
    x = topP(x, c.topP());
    return gumbelMax(x);
  }
}
