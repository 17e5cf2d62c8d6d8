package org.transfer4j.model.onnx;

import static org.transfer4j.io.onnx.OnnxGraphBuilder.BOOL;
import static org.transfer4j.io.onnx.OnnxGraphBuilder.FLOAT;
import static org.transfer4j.io.onnx.OnnxGraphBuilder.INT64;
import static org.transfer4j.io.onnx.OnnxGraphBuilder.attr;

import java.util.List;
import org.transfer4j.BadInputException;
import org.transfer4j.io.onnx.OnnxGraphBuilder;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.model.gpt2.Gpt2Config;
import org.transfer4j.model.gpt2.Gpt2LMHeadModel;

/**
 * GPT-2 (Radford et al., 2019) as ONNX with past keys and values for incremental decoding, with the
 * names of Hugging Face's exporters (optimum's {@code text-generation-with-past}):
 *
 * <ul>
 *   <li>inputs {@code input_ids}, {@code position_ids} {@code (batch_size, sequence_length)} and
 *       {@code attention_mask} {@code (batch_size, past_sequence_length + sequence_length)}, int64;
 *       {@code past_key_values.{i}.key} / {@code .value} {@code (batch_size, n_head,
 *       past_sequence_length, head_dim)} float32, of length 0 on the first step;
 *   <li>outputs {@code logits} {@code (batch_size, sequence_length, vocab_size)} for {@code
 *       GPT2LMHeadModel}, or {@code last_hidden_state} (after {@code ln_f}) when the folder's
 *       config names {@code GPT2Model}; and {@code present.{i}.key} / {@code .value}, the past with
 *       the new positions appended, which the next step takes as its past.
 * </ul>
 *
 * The graph follows {@code Gpt2Model.forward} op for op, so it gives the PyTorch path's outputs to
 * float rounding: Conv1D as {@code MatMul} + {@code Add} with the weight kept {@code [in, out]} as
 * GPT-2 stores it; the causal mask computed from the shapes (query {@code i} sits at absolute
 * position {@code past + i} and sees keys {@code j <= past + i} that the attention mask keeps), so
 * one graph serves the prompt and every later step; the tied head as a {@code MatMul} with the
 * transposed token embeddings, which ONNX Runtime folds once at load (the file holds the matrix
 * once).
 *
 * <pre>{@code
 * OnnxExport.write(HfModels.load(dir, manager), Path.of("out/model.onnx"), 17); // dispatches here
 * try (Gpt2OnnxLm lm = Gpt2OnnxLm.open(Path.of("out"), OnnxSessionOptions.defaults())) { ... }
 * }</pre>
 */
public final class Gpt2OnnxExporter implements OnnxExporter {
  /** LayerNormalization became a standard op in opset 17. */
  public static final int MIN_OPSET = 17;

  // Hugging Face's (optimum's) names for the symbolic axes.
  static final String BATCH = "batch_size";
  static final String SEQUENCE = "sequence_length";
  static final String PAST = "past_sequence_length";
  static final String TOTAL = "past_sequence_length + sequence_length";

  /** Added to the scores of hidden keys, as {@code Gpt2Model}: exp() of it is 0 in float32. */
  static final float MASKED = -1e9f;

  @Override
  public void build(PretrainedModel model, OnnxGraphBuilder b) {
    if (!(model instanceof Gpt2LMHeadModel)) {
      throw new BadInputException(
          model.architecture() + " cannot be exported as GPT-2; expected GPT2LMHeadModel");
    }
    if (b.opset() < MIN_OPSET) {
      throw new BadInputException(
          "--opset "
              + b.opset()
              + ": the GPT-2 export needs opset "
              + MIN_OPSET
              + " or later (LayerNormalization); use --opset "
              + MIN_OPSET);
    }
    Gpt2Config c = (Gpt2Config) model.config();
    new Graph(new TransformerOps(b, new ModelWeights(model, b)), c).build(isBaseModel(c));
  }

  /**
   * Whether the folder asked for the base model: {@code GPT2Model} folders load into the LM class
   * (their keys under {@code transformer.}), so the config's {@code architectures} decides.
   */
  public static boolean isBaseModel(Gpt2Config c) {
    return c.architectures().contains("GPT2Model")
        && !c.architectures().contains("GPT2LMHeadModel");
  }

  /** One export: the builder, its ops and the config. */
  private record Graph(TransformerOps ops, Gpt2Config c) {
    void build(boolean base) {
      OnnxGraphBuilder b = ops.builder();
      String ids = b.input("input_ids", INT64, BATCH, SEQUENCE);
      String mask = b.input("attention_mask", INT64, BATCH, TOTAL);
      String positions = b.input("position_ids", INT64, BATCH, SEQUENCE);
      for (int i = 0; i < c.nLayer(); i++) {
        b.input(past(i, "key"), FLOAT, BATCH, c.nHead(), PAST, c.headDim());
        b.input(past(i, "value"), FLOAT, BATCH, c.nHead(), PAST, c.headDim());
      }
      String p = "transformer.";
      String wte = ops.weights().add(p + "wte.weight");
      String wpe = ops.weights().add(p + "wpe.weight");
      String x = // (batch, t, embd)
          ops.add(b.node("Gather", List.of(wte, ids)), b.node("Gather", List.of(wpe, positions)));
      String bias = attentionBias(ids, mask); // (batch, 1, t, past + t)
      float eps = c.layerNormEpsilon();
      for (int i = 0; i < c.nLayer(); i++) {
        String h = p + "h." + i + ".";
        String[] attn = attention(ops.layerNorm(x, h + "ln_1", eps), bias, i, h + "attn.");
        x = ops.add(x, attn[2]);
        String inner =
            ops.activation(
                ops.conv1d(ops.layerNorm(x, h + "ln_2", eps), h + "mlp.c_fc"), c.activation());
        x = ops.add(x, ops.conv1d(inner, h + "mlp.c_proj"));
        b.output("present." + i + ".key", attn[0], FLOAT, BATCH, c.nHead(), TOTAL, c.headDim());
        b.output("present." + i + ".value", attn[1], FLOAT, BATCH, c.nHead(), TOTAL, c.headDim());
      }
      x = ops.layerNorm(x, p + "ln_f", eps);
      if (base) {
        b.output("last_hidden_state", x, FLOAT, BATCH, SEQUENCE, c.nEmbd());
      } else {
        // Tied head: logits = h wte^T, the transpose folded by ONNX Runtime at load.
        String wteT = b.node("Transpose", List.of(wte), attr("perm", new long[] {1, 0}));
        String logits = b.node("MatMul", List.of(x, wteT)); // (batch, t, vocab)
        b.output("logits", logits, FLOAT, BATCH, SEQUENCE, c.vocabSize());
      }
    }

    static String past(int layer, String kind) {
      return "past_key_values." + layer + "." + kind;
    }

    /**
     * The additive bias of {@code Gpt2Model.attentionBias}: 0 where key {@code j} is visible to
     * query {@code i} ({@code j <= past + i} and {@code attention_mask[j] = 1}), -1e9 elsewhere.
     * The past length is the mask's width minus the new tokens', read from the shapes.
     */
    String attentionBias(String ids, String mask) {
      OnnxGraphBuilder b = ops.builder();
      String total = scalar(ops.dim(mask, 1)); // past + t
      String past = b.node("Sub", List.of(total, scalar(ops.dim(ids, 1))));
      String one = b.initializer(b.fresh("one"), new long[] {1});
      String zero = b.initializer(b.fresh("zero"), new long[] {0});
      String queries = // (t, 1): absolute positions of the new tokens
          b.node("Unsqueeze", List.of(b.node("Range", List.of(past, total, one)), b.longs(1)));
      String keys = // (1, past + t)
          b.node("Unsqueeze", List.of(b.node("Range", List.of(zero, total, one)), b.longs(0)));
      String causal = b.node("LessOrEqual", List.of(keys, queries)); // (t, past + t)
      String kept = b.node("Cast", List.of(mask), attr("to", (long) BOOL));
      String notPad = b.node("Unsqueeze", List.of(kept, b.longs(1, 2))); // (batch, 1, 1, past + t)
      String allowed = b.node("And", List.of(causal, notPad)); // (batch, 1, t, past + t)
      return b.node("Where", List.of(allowed, b.scalar(0f), b.scalar(MASKED)));
    }

    /**
     * GPT-2's causal self-attention with the past ({@code Gpt2Attention.forward}).
     *
     * @return the present key and value {@code (batch, heads, past + t, headDim)} and the output
     *     {@code (batch, t, embd)}
     */
    String[] attention(String x, String bias, int layer, String p) {
      OnnxGraphBuilder b = ops.builder();
      long e = c.nEmbd();
      List<String> qkv = // 3 x (batch, t, embd)
          b.node(
              "Split", List.of(ops.conv1d(x, p + "c_attn"), b.longs(e, e, e)), 3, attr("axis", 2L));
      String q = heads(qkv.get(0)); // (batch, heads, t, headDim)
      String k = b.node("Concat", List.of(past(layer, "key"), heads(qkv.get(1))), attr("axis", 2L));
      String v =
          b.node("Concat", List.of(past(layer, "value"), heads(qkv.get(2))), attr("axis", 2L));
      // As the PyTorch path: scale the queries (t rows), not the scores.
      String scaled = ops.mul(q, b.scalar((float) (1.0 / Math.sqrt(c.headDim()))));
      String kT = b.node("Transpose", List.of(k), attr("perm", new long[] {0, 1, 3, 2}));
      String scores = ops.add(b.node("MatMul", List.of(scaled, kT)), bias); // (b, h, t, past + t)
      String probs = b.node("Softmax", List.of(scores), attr("axis", -1L));
      String context = b.node("MatMul", List.of(probs, v)); // (batch, heads, t, headDim)
      String merged = // (batch, t, embd)
          b.node(
              "Reshape",
              List.of(
                  b.node("Transpose", List.of(context), attr("perm", new long[] {0, 2, 1, 3})),
                  b.longs(0, 0, e)));
      return new String[] {k, v, ops.conv1d(merged, p + "c_proj")};
    }

    /** {@code (batch, t, embd)} to {@code (batch, heads, t, headDim)}. */
    String heads(String x) {
      OnnxGraphBuilder b = ops.builder();
      String split = b.node("Reshape", List.of(x, b.longs(0, 0, c.nHead(), c.headDim())));
      return b.node("Transpose", List.of(split), attr("perm", new long[] {0, 2, 1, 3}));
    }

    /** A one-element int64 vector as a scalar (Range takes scalars). */
    String scalar(String vector) {
      OnnxGraphBuilder b = ops.builder();
      return b.node("Squeeze", List.of(vector, b.longs(0)));
    }
  }
}
