package org.transfer4j.model.onnx;

import static org.transfer4j.io.onnx.OnnxGraphBuilder.attr;

import java.util.List;
import org.transfer4j.io.onnx.OnnxGraphBuilder;
import org.transfer4j.nn.Activation;

/**
 * The Transformer building blocks as ONNX subgraphs, written in the op patterns PyTorch's exporter
 * produces for Hugging Face models, because those are the patterns ONNX Runtime's graph optimiser
 * fuses at {@code ORT_ENABLE_ALL}: {@code MatMul}+{@code Add} (fused to one GEMM), the erf GELU
 * ({@code Div}, {@code Erf}, {@code Add}, {@code Mul}, {@code Mul} to {@code Gelu}/{@code
 * BiasGelu}), {@code LayerNormalization} after a residual {@code Add} ({@code
 * SkipLayerNormalization}), and multi-head attention with {@code Reshape} to {@code [0, 0, heads,
 * head_size]}, {@code Transpose}, scaled {@code MatMul}, additive mask and {@code Softmax} ({@code
 * Attention}).
 *
 * <pre>{@code
 * TransformerOps ops = new TransformerOps(builder, weights);
 * String h = ops.linear(x, "bert.pooler.dense"); // (batch, hidden)
 * String y = ops.layerNorm(ops.add(h, residual), "bert.encoder.layer.0.output.LayerNorm", 1e-12f);
 * }</pre>
 */
public final class TransformerOps {
  private final OnnxGraphBuilder b;
  private final ModelWeights w;

  public TransformerOps(OnnxGraphBuilder builder, ModelWeights weights) {
    this.b = builder;
    this.w = weights;
  }

  public OnnxGraphBuilder builder() {
    return b;
  }

  public ModelWeights weights() {
    return w;
  }

  /**
   * {@code x W^T + b} for the PyTorch {@code Linear} at {@code prefix} ({@code .weight}, {@code
   * .bias}).
   */
  public String linear(String x, String prefix) {
    String y = b.node("MatMul", List.of(x, w.addTransposed(prefix + ".weight")));
    return w.has(prefix + ".bias") ? add(y, w.add(prefix + ".bias")) : y;
  }

  /** {@code x W + b} for a weight already stored {@code (in, out)} (GPT-2's {@code Conv1D}). */
  public String conv1d(String x, String prefix) {
    return add(b.node("MatMul", List.of(x, w.add(prefix + ".weight"))), w.add(prefix + ".bias"));
  }

  public String add(String x, String y) {
    return b.node("Add", List.of(x, y));
  }

  public String mul(String x, String y) {
    return b.node("Mul", List.of(x, y));
  }

  /**
   * LayerNorm over the last axis with the weights at {@code prefix}: the {@code LayerNormalization}
   * op from opset 17, before that the decomposition PyTorch exports ({@code ReduceMean}, {@code
   * Sub}, {@code Pow}, {@code ReduceMean}, {@code Add}, {@code Sqrt}, {@code Div}, {@code Mul},
   * {@code Add}), which ONNX Runtime fuses back into one kernel.
   */
  public String layerNorm(String x, String prefix, float eps) {
    String gamma = w.add(prefix + ".weight");
    String beta = w.add(prefix + ".bias");
    if (b.opset() >= 17) {
      return b.node(
          "LayerNormalization", List.of(x, gamma, beta), attr("axis", -1L), attr("epsilon", eps));
    }
    String mean = b.node("ReduceMean", List.of(x), attr("axes", new long[] {-1}));
    String centered = b.node("Sub", List.of(x, mean));
    String sq = b.node("Pow", List.of(centered, b.scalar(2f)));
    String var = b.node("ReduceMean", List.of(sq), attr("axes", new long[] {-1}));
    String std = b.node("Sqrt", List.of(add(var, b.scalar(eps))));
    String norm = b.node("Div", List.of(centered, std));
    return add(mul(norm, gamma), beta);
  }

  /** A feed-forward activation, in the form PyTorch exports (and ONNX Runtime fuses). */
  public String activation(String x, Activation act) {
    switch (act) {
      case GELU:
        // x * 0.5 * (1 + erf(x / sqrt(2))), torch.nn.functional.gelu's erf form
        String erf = b.node("Erf", List.of(b.node("Div", List.of(x, b.scalar(1.4142135f)))));
        return mul(mul(x, add(erf, b.scalar(1f))), b.scalar(0.5f));
      case GELU_NEW:
        // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), GPT-2's gelu_new
        String cube = b.node("Pow", List.of(x, b.scalar(3f)));
        String inner = mul(add(x, mul(cube, b.scalar(0.044715f))), b.scalar(0.7978846f));
        String t = add(b.node("Tanh", List.of(inner)), b.scalar(1f));
        return mul(mul(x, t), b.scalar(0.5f));
      case RELU:
        return b.node("Relu", List.of(x));
      default:
        throw new AssertionError(act);
    }
  }

  /**
   * The additive attention mask {@code (batch, 1, 1, seq)} from a padding mask {@code (batch, seq)}
   * of 1 (token) and 0 (padding): {@code (1 - mask) * -10000}.
   */
  public String paddingMask(String attentionMask) {
    // Unsqueeze, Unsqueeze, Cast, Sub, Mul: the mask subgraph ONNX Runtime's attention fusion
    // matches (attention_fusion_helper.h). -10000 as in the BERT exports it was written for; after
    // the softmax it is as exact a zero as finfo(float32).min in float32.
    String m = b.node("Unsqueeze", List.of(attentionMask, b.longs(1)));
    m = b.node("Unsqueeze", List.of(m, b.longs(2)));
    String f = b.node("Cast", List.of(m), attr("to", (long) OnnxGraphBuilder.FLOAT));
    String inv = b.node("Sub", List.of(b.scalar(1f), f));
    return mul(inv, b.scalar(-10000f));
  }

  /**
   * Multi-head self-attention (Vaswani et al., 2017) without the output projection: {@code x}
   * {@code (batch, seq, hidden)} to the context {@code (batch, seq, hidden)}.
   *
   * @param q the query {@code Linear}'s prefix; likewise {@code k} and {@code v}
   * @param mask the additive mask from {@link #paddingMask}, or null
   */
  public String selfAttention(
      String x, String q, String k, String v, String mask, int heads, int hidden) {
    int head = hidden / heads;
    String split = b.longs(0, 0, heads, head);
    // (batch, seq, hidden) -> (batch, heads, seq, head); keys -> (batch, heads, head, seq)
    String query = heads(linear(x, q), split, new long[] {0, 2, 1, 3});
    String key = heads(linear(x, k), split, new long[] {0, 2, 3, 1});
    String value = heads(linear(x, v), split, new long[] {0, 2, 1, 3});
    String scores = b.node("MatMul", List.of(query, key)); // (batch, heads, seq, seq)
    scores = b.node("Div", List.of(scores, b.scalar((float) Math.sqrt(head))));
    if (mask != null) {
      scores = add(scores, mask);
    }
    String probs = b.node("Softmax", List.of(scores), attr("axis", -1L));
    String context = b.node("MatMul", List.of(probs, value)); // (batch, heads, seq, head)
    context = b.node("Transpose", List.of(context), attr("perm", new long[] {0, 2, 1, 3}));
    return b.node("Reshape", List.of(context, b.longs(0, 0, hidden))); // (batch, seq, hidden)
  }

  private String heads(String x, String shape, long[] perm) {
    String r = b.node("Reshape", List.of(x, shape));
    return b.node("Transpose", List.of(r), attr("perm", perm));
  }

  /** Row 0 along the sequence axis: {@code (batch, seq, hidden)} to {@code (batch, hidden)}. */
  public String firstToken(String hidden) {
    return b.node(
        "Gather",
        List.of(hidden, b.initializer(b.fresh("zero"), new long[] {0})),
        attr("axis", 1L));
  }

  /**
   * The mean of {@code hidden} {@code (batch, seq, h)} over the positions where {@code mask} {@code
   * (batch, seq)} is 1 (Sentence-BERT's mean pooling), as {@code Pooling.maskedMean}.
   */
  public String maskedMean(String hidden, String mask) {
    String m =
        b.node(
            "Cast",
            List.of(b.node("Unsqueeze", List.of(mask, b.longs(2)))),
            attr("to", (long) OnnxGraphBuilder.FLOAT));
    String axis = b.longs(1);
    String sum = b.node("ReduceSum", List.of(mul(hidden, m), axis), attr("keepdims", 0L));
    String count = b.node("ReduceSum", List.of(m, axis), attr("keepdims", 0L)); // (batch, 1)
    return b.node("Div", List.of(sum, b.node("Max", List.of(count, b.scalar(1f)))));
  }

  /**
   * A decoder tied to the word embeddings: {@code x E^T + bias}, with {@code E} {@code (vocab,
   * hidden)} transposed by a node (ONNX Runtime folds it at load) so the file holds the table once.
   */
  public String tiedDecoder(String x, String embeddings, String bias) {
    String et = b.node("Transpose", List.of(w.add(embeddings)), attr("perm", new long[] {1, 0}));
    return add(b.node("MatMul", List.of(x, et)), w.add(bias));
  }

  /** The length of axis {@code axis} of {@code x} as a one-element int64 vector. */
  public String dim(String x, int axis) {
    String shape = b.node("Shape", List.of(x));
    return b.node("Slice", List.of(shape, b.longs(axis), b.longs(axis + 1)));
  }

  /**
   * Word + learned position (+ token type) embeddings, then LayerNorm: {@code ids} {@code (batch,
   * seq)} to {@code (batch, seq, hidden)}, with position ids {@code 0 .. seq - 1} as Hugging Face's
   * {@code position_ids} buffer (longer inputs fail in ONNX Runtime's Gather, naming the index).
   *
   * @param prefix the embeddings module, e.g. {@code bert.embeddings.}
   * @param types the token type ids, or null for models without them
   */
  public String embeddings(String ids, String types, String prefix, float eps) {
    // Position ids 0 .. seq-1 per row as cumsum(ids * 0 + 1) - 1: unlike slicing a 0 .. max
    // buffer, element-wise ops keep the (batch, sequence) shape in ONNX shape inference, which
    // ONNX Runtime's skip-LayerNorm and attention fusions need to match.
    String ones = add(mul(ids, b.longs(0)), b.longs(1));
    String axis = b.initializer(b.fresh("axis"), new long[] {1});
    String posIds = b.node("Sub", List.of(b.node("CumSum", List.of(ones, axis)), b.longs(1)));
    String words = b.node("Gather", List.of(w.add(prefix + "word_embeddings.weight"), ids));
    String pos = b.node("Gather", List.of(w.add(prefix + "position_embeddings.weight"), posIds));
    String h = add(words, pos);
    if (types != null) {
      h = add(h, b.node("Gather", List.of(w.add(prefix + "token_type_embeddings.weight"), types)));
    }
    return layerNorm(h, prefix + "LayerNorm", eps);
  }
}
