package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;

/**
 * Multi-head scaled dot-product self-attention (Vaswani et al., 2017, section 3.2): {@code
 * softmax(Q K^T / sqrt(d) + mask) V} per head. Query, key and value projections are stored fused in
 * one {@code (3 hidden, hidden)} weight so one matrix product computes all three; loading and
 * saving still use the checkpoint's separate names (see {@link FusedParameters}).
 *
 * <pre>{@code
 * // BERT: attention.self.{query,key,value}, output projection elsewhere
 * var att = new MultiHeadSelfAttention(m, 768, 12, 0.1f, 0.02f, "query", "key", "value", null);
 * MultiHeadSelfAttention.Result r = att.forward(x, AttentionMasks.padding(mask), false);
 * }</pre>
 */
public final class MultiHeadSelfAttention extends Module
    implements FusedParameters, Init.Initializable {
  private final int hidden;
  private final int heads;
  private final int headSize;
  private final float dropout;
  private final Parameter qkvWeight;
  private final Parameter qkvBias;
  private final Linear out;
  private final Map<String, List<String>> parts;

  /**
   * The context {@code (batch, seq, hidden)} and, when asked, the probabilities {@code (batch,
   * heads, seq, seq)}.
   */
  public record Result(NDArray context, NDArray probabilities) {}

  /**
   * @param q the checkpoint's local name of the query projection ({@code query}, {@code q_lin})
   * @param out the local name of an output projection owned by this module ({@code out_lin}), or
   *     null when the caller applies it (BERT's {@code attention.output.dense})
   */
  public MultiHeadSelfAttention(
      NDManager manager,
      int hidden,
      int heads,
      float attentionDropout,
      float std,
      String q,
      String k,
      String v,
      String out) {
    if (hidden <= 0 || heads <= 0 || hidden % heads != 0) {
      throw new IllegalArgumentException(
          "hidden size " + hidden + " must be a positive multiple of the head count " + heads);
    }
    this.hidden = hidden;
    this.heads = heads;
    this.headSize = hidden / heads;
    this.dropout = attentionDropout;
    qkvWeight =
        addParameter(
            "qkv_weight", Init.truncatedNormal(manager, new Shape(3L * hidden, hidden), std));
    qkvBias = addParameter("qkv_bias", manager.zeros(new Shape(3L * hidden)));
    this.out = out == null ? null : addModule(out, new Linear(manager, hidden, hidden, true, std));
    parts =
        Map.of(
            "qkv_weight", List.of(q + ".weight", k + ".weight", v + ".weight"),
            "qkv_bias", List.of(q + ".bias", k + ".bias", v + ".bias"));
  }

  @Override
  public Map<String, List<String>> fusedParts() {
    return parts;
  }

  @Override
  public void initialize(float std) {
    try (NDManager tmp = qkvWeight.value().getManager().newSubManager()) {
      qkvWeight.copyFrom(Init.truncatedNormal(tmp, qkvWeight.shape(), std));
      qkvBias.copyFrom(tmp.zeros(qkvBias.shape()));
    }
  }

  public int heads() {
    return heads;
  }

  /**
   * @param x {@code (batch, seq, hidden)}
   * @param additiveMask broadcastable to {@code (batch, heads, seq, seq)}, or null
   * @param keepProbabilities return the post-softmax (pre-dropout) probabilities too
   */
  public Result forward(NDArray x, NDArray additiveMask, boolean keepProbabilities) {
    Shape s = x.getShape();
    long b = s.get(0);
    long t = s.get(1);
    // (batch, seq, 3 hidden) -> (3, batch, heads, seq, head)
    NDArray qkv =
        ai.djl.nn.core.Linear.linear(x, qkvWeight.value(), qkvBias.value())
            .singletonOrThrow()
            .reshape(b, t, 3, heads, headSize)
            .transpose(2, 0, 3, 1, 4);
    NDList split = qkv.split(3, 0);
    // Scaling Q before the product costs seq*head instead of seq*seq multiplications.
    NDArray query = split.get(0).squeeze(0).mul((float) (1.0 / Math.sqrt(headSize)));
    NDArray key = split.get(1).squeeze(0);
    NDArray value = split.get(2).squeeze(0);
    NDArray scores = query.matMul(key.transpose(0, 1, 3, 2)); // (batch, heads, seq, seq)
    if (additiveMask != null) {
      scores = scores.add(additiveMask);
    }
    NDArray probs = scores.softmax(-1);
    NDArray dropped = Dropout.apply(probs, dropout, isTraining());
    NDArray context = dropped.matMul(value).transpose(0, 2, 1, 3).reshape(b, t, hidden);
    if (out != null) {
      context = out.forward(context);
    }
    return new Result(context, keepProbabilities ? probs : null);
  }

  /** Concatenates separate projection tensors into the fused layout (used by loaders and tests). */
  static NDArray fuse(NDArray q, NDArray k, NDArray v) {
    return NDArrays.concat(new NDList(q, k, v), 0);
  }
}
