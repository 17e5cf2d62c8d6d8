package org.transfer4j.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.transfer4j.nn.Activation;
import org.transfer4j.nn.Dropout;
import org.transfer4j.nn.LayerNorm;
import org.transfer4j.nn.Linear;
import org.transfer4j.nn.Module;
import org.transfer4j.nn.MultiHeadSelfAttention;

/**
 * One post-LayerNorm Transformer encoder block (Vaswani et al., 2017; Devlin et al., 2019) with
 * Hugging Face's names: {@code attention.self.{query,key,value}}, {@code attention.output.{dense,
 * LayerNorm}}, {@code intermediate.dense}, {@code output.{dense,LayerNorm}}.
 *
 * <pre>{@code
 * BertLayer.Result r = layer.forward(h, additiveMask, false); // (batch, seq, hidden)
 * }</pre>
 */
public final class BertLayer extends Module {
  private final Attention attention;
  private final Intermediate intermediate;
  private final Output output;

  /** The block's output and, when asked, its attention probabilities. */
  public record Result(NDArray hidden, NDArray attention) {}

  public BertLayer(BertConfig c, NDManager manager) {
    attention = addModule("attention", new Attention(c, manager));
    intermediate = addModule("intermediate", new Intermediate(c, manager));
    output =
        addModule(
            "output",
            new Output(
                manager,
                c.intermediateSize(),
                c.hiddenSize(),
                c.layerNormEps(),
                c.hiddenDropoutProb(),
                c.initializerRange()));
  }

  /**
   * @param x {@code (batch, seq, hidden)}
   * @param mask additive mask broadcastable to {@code (batch, heads, seq, seq)}, or null
   */
  public Result forward(NDArray x, NDArray mask, boolean keepAttention) {
    MultiHeadSelfAttention.Result a = attention.self.forward(x, mask, keepAttention);
    NDArray h = attention.output.forward(a.context(), x);
    NDArray out = output.forward(intermediate.forward(h), h);
    return new Result(out, a.probabilities());
  }

  /** {@code attention}: self-attention and its output sub-layer. */
  static final class Attention extends Module {
    final MultiHeadSelfAttention self;
    final Output output;

    Attention(BertConfig c, NDManager m) {
      self =
          addModule(
              "self",
              new MultiHeadSelfAttention(
                  m,
                  c.hiddenSize(),
                  c.numAttentionHeads(),
                  c.attentionProbsDropoutProb(),
                  c.initializerRange(),
                  "query",
                  "key",
                  "value",
                  null));
      output =
          addModule(
              "output",
              new Output(
                  m,
                  c.hiddenSize(),
                  c.hiddenSize(),
                  c.layerNormEps(),
                  c.hiddenDropoutProb(),
                  c.initializerRange()));
    }
  }

  /** {@code intermediate}: the first feed-forward layer and its activation. */
  static final class Intermediate extends Module {
    private final Linear dense;
    private final Activation act;

    Intermediate(BertConfig c, NDManager m) {
      dense =
          addModule(
              "dense",
              new Linear(m, c.hiddenSize(), c.intermediateSize(), true, c.initializerRange()));
      act = c.activation();
    }

    NDArray forward(NDArray x) {
      return act.apply(dense.forward(x));
    }
  }

  /**
   * A dense projection, dropout, then LayerNorm over the residual sum: {@code LN(x + drop(W h))}.
   */
  static final class Output extends Module {
    private final Linear dense;
    private final LayerNorm norm;
    private final float dropout;

    Output(NDManager m, int in, int hidden, float eps, float dropout, float std) {
      dense = addModule("dense", new Linear(m, in, hidden, true, std));
      norm = addModule("LayerNorm", new LayerNorm(m, hidden, eps));
      this.dropout = dropout;
    }

    NDArray forward(NDArray h, NDArray residual) {
      NDArray y = Dropout.apply(dense.forward(h), dropout, isTraining());
      return norm.forward(y.add(residual));
    }
  }
}
