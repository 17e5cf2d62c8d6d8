package org.transfer4j.model.onnx;

import static org.transfer4j.io.onnx.OnnxGraphBuilder.FLOAT;
import static org.transfer4j.io.onnx.OnnxGraphBuilder.INT64;

import org.transfer4j.BadInputException;
import org.transfer4j.io.onnx.OnnxGraphBuilder;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.model.distilbert.DistilBertConfig;
import org.transfer4j.model.distilbert.DistilBertModel;

/**
 * DistilBERT (Sanh et al., 2019) and its heads as ONNX, following {@code DistilBertModel.forward}:
 * word + position embeddings (no token types), post-LN blocks with {@code q_lin}/{@code k_lin}/
 * {@code v_lin}/{@code out_lin} attention and the {@code lin1}/{@code lin2} feed-forward. Inputs
 * {@code input_ids} and {@code attention_mask} (int64, {@code (batch, sequence)}); outputs {@code
 * last_hidden_state} (DistilBertModel) or {@code logits}: {@code (batch, labels)} for sequence
 * classification ({@code pre_classifier} and ReLU over the first token), {@code (batch, sequence,
 * labels)} for token classification, {@code (batch, sequence, vocab)} for masked LM.
 *
 * <pre>{@code
 * OnnxExport.write(HfModels.load(dir, manager), Path.of("out/model.onnx"), 17); // dispatches here
 * }</pre>
 */
public final class DistilBertOnnxExporter implements OnnxExporter {
  @Override
  public void build(PretrainedModel model, OnnxGraphBuilder b) {
    DistilBertConfig c = (DistilBertConfig) model.config();
    String p = model instanceof DistilBertModel ? "" : "distilbert.";
    TransformerOps ops = new TransformerOps(b, new ModelWeights(model, b));
    float eps = DistilBertConfig.LAYER_NORM_EPS;
    String ids = b.input("input_ids", INT64, "batch", "sequence");
    String mask = b.input("attention_mask", INT64, "batch", "sequence");
    String h = ops.embeddings(ids, null, p + "embeddings.", eps);
    String additive = ops.paddingMask(mask);
    for (int i = 0; i < c.nLayers(); i++) {
      String l = p + "transformer.layer." + i + ".";
      String ctx =
          ops.selfAttention(
              h,
              l + "attention.q_lin",
              l + "attention.k_lin",
              l + "attention.v_lin",
              additive,
              c.nHeads(),
              c.dim());
      String attn = ops.linear(ctx, l + "attention.out_lin");
      String sa = ops.layerNorm(ops.add(attn, h), l + "sa_layer_norm", eps);
      String inner = ops.activation(ops.linear(sa, l + "ffn.lin1"), c.activationFunction());
      String ffn = ops.linear(inner, l + "ffn.lin2");
      h = ops.layerNorm(ops.add(ffn, sa), l + "output_layer_norm", eps);
    }
    switch (model.architecture()) {
      case "DistilBertModel":
        b.output("last_hidden_state", h, FLOAT, "batch", "sequence", c.dim());
        return;
      case "DistilBertForSequenceClassification":
        {
          String x =
              ops.activation(
                  ops.linear(ops.firstToken(h), "pre_classifier"),
                  org.transfer4j.nn.Activation.RELU);
          b.output("logits", ops.linear(x, "classifier"), FLOAT, "batch", c.labels().size());
          return;
        }
      case "DistilBertForTokenClassification":
        b.output(
            "logits", ops.linear(h, "classifier"), FLOAT, "batch", "sequence", c.labels().size());
        return;
      case "DistilBertForMaskedLM":
        {
          String t = ops.activation(ops.linear(h, "vocab_transform"), c.activationFunction());
          t = ops.layerNorm(t, "vocab_layer_norm", eps);
          String logits =
              ops.tiedDecoder(
                  t, "distilbert.embeddings.word_embeddings.weight", "vocab_projector.bias");
          b.output("logits", logits, FLOAT, "batch", "sequence", c.vocabSize());
          return;
        }
      default:
        throw new BadInputException(model.architecture() + " cannot be exported to ONNX");
    }
  }
}
