package org.transfer4j.model.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.transfer4j.nn.Dropout;
import org.transfer4j.nn.KvCache;
import org.transfer4j.nn.Module;
import org.transfer4j.nn.Scalars;

/**
 * Causal multi-head self-attention of GPT-2 (Radford et al., 2019): one fused projection {@code
 * c_attn} to queries, keys and values, scaled dot products, and the output projection {@code
 * c_proj}. With a {@link KvCache} the new keys and values are appended to the cached ones and the
 * queries attend to all of them.
 */
public final class Gpt2Attention extends Module {
  private final Conv1D cAttn;
  private final Conv1D cProj;
  private final int heads;
  private final int headDim;
  private final float attnPdrop;
  private final float residPdrop;
  private NDArray
      queryScale; // 0-d 1/sqrt(headDim) while generating (see beginInference), else null

  public Gpt2Attention(NDManager manager, Gpt2Config c) {
    cAttn =
        addModule("c_attn", new Conv1D(manager, c.nEmbd(), 3 * c.nEmbd(), c.initializerRange()));
    // GPT-2 scales residual projections by 1/sqrt(2 * n_layer) at initialisation (paper, 2.3).
    float projStd = (float) (c.initializerRange() / Math.sqrt(2.0 * c.nLayer()));
    cProj = addModule("c_proj", new Conv1D(manager, c.nEmbd(), c.nEmbd(), projStd));
    heads = c.nHead();
    headDim = c.headDim();
    attnPdrop = c.attnPdrop();
    residPdrop = c.residPdrop();
  }

  public Conv1D cAttn() {
    return cAttn;
  }

  public Conv1D cProj() {
    return cProj;
  }

  /**
   * @param x {@code (batch, t, embd)}
   * @param bias additive attention bias broadcastable to {@code (batch, heads, t, past + t)}, 0 to
   *     attend and a large negative number to mask; {@code null} when every key may be attended
   * @param cache past keys and values, or {@code null}
   * @param layer this block's index in the cache
   * @return {@code (batch, t, embd)}
   */
  public NDArray forward(NDArray x, NDArray bias, KvCache cache, int layer) {
    return forward(x, bias, cache, layer, null);
  }

  /**
   * As {@link #forward(NDArray, NDArray, KvCache, int)}, adding the attention probabilities {@code
   * (batch, heads, t, past + t)} (before dropout) to {@code attentions} when not null.
   */
  public NDArray forward(
      NDArray x, NDArray bias, KvCache cache, int layer, java.util.List<NDArray> attentions) {
    NDManager step = x.getManager();
    long batch = x.getShape().get(0);
    long t = x.getShape().get(1);
    NDList qkv = cAttn.forward(x).split(3, 2); // 3 x (batch, t, embd)
    NDArray q = splitHeads(qkv.get(0), batch, t); // (batch, heads, t, headDim)
    NDArray k = splitHeads(qkv.get(1), batch, t);
    NDArray v = splitHeads(qkv.get(2), batch, t);
    if (cache != null) {
      NDArray[] kv = cache.append(layer, k, v, step); // (batch, heads, past + t, headDim)
      k = kv[0];
      v = kv[1];
    }
    // Scale the queries (t rows) rather than the scores (t x (past + t)): fewer multiplications.
    NDArray scaled =
        queryScale != null && !isTraining()
            ? q.mul(queryScale)
            : Scalars.mul(q, 1.0 / Math.sqrt(headDim));
    NDArray scores = scaled.matMul(k.transpose(0, 1, 3, 2));
    if (bias != null) {
      scores = scores.addi(bias);
    }
    NDArray probs = scores.softmax(-1); // (batch, heads, t, past + t)
    if (attentions != null) {
      attentions.add(probs);
    }
    probs = Dropout.apply(probs, attnPdrop, isTraining());
    NDArray context = probs.matMul(v); // (batch, heads, t, headDim)
    NDArray merged = context.transpose(0, 2, 1, 3).reshape(batch, t, (long) heads * headDim);
    NDArray out = cProj.forward(merged);
    return Dropout.apply(out, residPdrop, isTraining());
  }

  /**
   * Makes the query scale once in {@code manager} (freed with it) for decoding, instead of
   * allocating and freeing a scalar tensor per layer and token.
   */
  void beginInference(NDManager manager) {
    float scale = (float) (1.0 / Math.sqrt(headDim));
    queryScale = manager.full(new Shape(), scale, cAttn.weight().value().getDataType());
  }

  void endInference() {
    queryScale = null;
  }

  private NDArray splitHeads(NDArray x, long batch, long t) {
    return x.reshape(batch, t, heads, headDim).transpose(0, 2, 1, 3);
  }
}
