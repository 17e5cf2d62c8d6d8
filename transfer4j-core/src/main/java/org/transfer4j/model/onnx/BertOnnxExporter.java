package org.transfer4j.model.onnx;

import static org.transfer4j.io.onnx.OnnxGraphBuilder.FLOAT;
import static org.transfer4j.io.onnx.OnnxGraphBuilder.INT64;

import java.util.List;
import org.transfer4j.BadInputException;
import org.transfer4j.io.onnx.OnnxGraphBuilder;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.bert.BertModel;

/**
 * BERT (Devlin et al., 2019) and its heads as ONNX, following {@code BertModel.forward} op for op:
 * embeddings and LayerNorm, {@code num_hidden_layers} post-LN blocks, the tanh pooler, then the
 * head. Inputs {@code input_ids}, {@code attention_mask}, {@code token_type_ids} (int64, {@code
 * (batch, sequence)}, or {@code (batch, num_choices, sequence)} for multiple choice); outputs as
 * Hugging Face's exporters name them:
 *
 * <table>
 *   <caption>outputs per architecture</caption>
 *   <tr><td>BertModel</td><td>last_hidden_state, pooler_output (when the model has a pooler)</td></tr>
 *   <tr><td>BertForSequenceClassification, ...ForNextSentencePrediction</td><td>logits (batch, labels)</td></tr>
 *   <tr><td>BertForTokenClassification</td><td>logits (batch, sequence, labels)</td></tr>
 *   <tr><td>BertForMultipleChoice</td><td>logits (batch, num_choices)</td></tr>
 *   <tr><td>BertForMaskedLM</td><td>logits (batch, sequence, vocab)</td></tr>
 *   <tr><td>BertForPreTraining</td><td>prediction_logits, seq_relationship_logits</td></tr>
 * </table>
 *
 * <pre>{@code
 * OnnxExport.write(HfModels.load(dir, manager), Path.of("out/model.onnx"), 17); // dispatches here
 * }</pre>
 */
public final class BertOnnxExporter implements OnnxExporter {
  @Override
  public void build(PretrainedModel model, OnnxGraphBuilder b) {
    BertConfig c = (BertConfig) model.config();
    String arch = model.architecture();
    String p = model instanceof BertModel ? "" : "bert.";
    TransformerOps ops = new TransformerOps(b, new ModelWeights(model, b));
    boolean choice = arch.equals("BertForMultipleChoice");
    Object[] dims =
        choice
            ? new Object[] {"batch", "num_choices", "sequence"}
            : new Object[] {"batch", "sequence"};
    String ids = b.input("input_ids", INT64, dims);
    String mask = b.input("attention_mask", INT64, dims);
    String types = b.input("token_type_ids", INT64, dims);
    if (choice) {
      // (batch, num_choices, sequence) -> (batch * num_choices, sequence)
      ids = flatten(b, ids);
      mask = flatten(b, mask);
      types = flatten(b, types);
    }
    String h = ops.embeddings(ids, types, p + "embeddings.", c.layerNormEps());
    String additive = ops.paddingMask(mask);
    for (int i = 0; i < c.numHiddenLayers(); i++) {
      h = layer(ops, c, p + "encoder.layer." + i + ".", h, additive);
    }
    boolean pooler = ops.weights().has(p + "pooler.dense.weight");
    String pooled =
        pooler ? b.node("Tanh", List.of(ops.linear(ops.firstToken(h), p + "pooler.dense"))) : null;
    switch (arch) {
      case "BertModel":
        b.output("last_hidden_state", h, FLOAT, "batch", "sequence", c.hiddenSize());
        if (pooled != null) {
          b.output("pooler_output", pooled, FLOAT, "batch", c.hiddenSize());
        }
        return;
      case "BertForSequenceClassification":
        {
          String sentence = c.meanPooling() ? ops.maskedMean(h, mask) : pooled;
          String logits = ops.linear(sentence, "classifier");
          b.output("logits", logits, FLOAT, "batch", c.labels().size());
          return;
        }
      case "BertForNextSentencePrediction":
        b.output("logits", ops.linear(pooled, "cls.seq_relationship"), FLOAT, "batch", 2);
        return;
      case "BertForTokenClassification":
        b.output(
            "logits", ops.linear(h, "classifier"), FLOAT, "batch", "sequence", c.labels().size());
        return;
      case "BertForMultipleChoice":
        {
          String sentence = c.meanPooling() ? ops.maskedMean(h, mask) : pooled;
          String scores = ops.linear(sentence, "classifier"); // (batch * num_choices, 1)
          String shape =
              b.node(
                  "Concat",
                  List.of(b.longs(-1), ops.dim("input_ids", 1)),
                  OnnxGraphBuilder.attr("axis", 0L));
          b.output(
              "logits", b.node("Reshape", List.of(scores, shape)), FLOAT, "batch", "num_choices");
          return;
        }
      case "BertForMaskedLM":
        b.output("logits", lmHead(ops, c, h), FLOAT, "batch", "sequence", c.vocabSize());
        return;
      case "BertForPreTraining":
        b.output("prediction_logits", lmHead(ops, c, h), FLOAT, "batch", "sequence", c.vocabSize());
        b.output(
            "seq_relationship_logits",
            ops.linear(pooled, "cls.seq_relationship"),
            FLOAT,
            "batch",
            2);
        return;
      default:
        throw new BadInputException(arch + " cannot be exported to ONNX");
    }
  }

  /** One post-LN block, as {@code BertLayer.forward}. */
  private static String layer(TransformerOps ops, BertConfig c, String p, String x, String mask) {
    String ctx =
        ops.selfAttention(
            x,
            p + "attention.self.query",
            p + "attention.self.key",
            p + "attention.self.value",
            mask,
            c.numAttentionHeads(),
            c.hiddenSize());
    String attn = ops.linear(ctx, p + "attention.output.dense");
    String h = ops.layerNorm(ops.add(attn, x), p + "attention.output.LayerNorm", c.layerNormEps());
    String inner = ops.activation(ops.linear(h, p + "intermediate.dense"), c.activation());
    String out = ops.linear(inner, p + "output.dense");
    return ops.layerNorm(ops.add(out, h), p + "output.LayerNorm", c.layerNormEps());
  }

  /** {@code cls.predictions}: dense, activation, LayerNorm, then the tied decoder. */
  private static String lmHead(TransformerOps ops, BertConfig c, String h) {
    String t = ops.activation(ops.linear(h, "cls.predictions.transform.dense"), c.activation());
    t = ops.layerNorm(t, "cls.predictions.transform.LayerNorm", c.layerNormEps());
    return ops.tiedDecoder(t, "bert.embeddings.word_embeddings.weight", "cls.predictions.bias");
  }

  /** {@code (batch, choices, seq)} to {@code (batch * choices, seq)}. */
  private static String flatten(OnnxGraphBuilder b, String x) {
    return b.node("Flatten", List.of(x), OnnxGraphBuilder.attr("axis", 2L));
  }
}
