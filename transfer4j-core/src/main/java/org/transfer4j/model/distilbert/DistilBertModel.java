package org.transfer4j.model.distilbert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transfer4j.model.EncoderOutput;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.nn.AttentionMasks;
import org.transfer4j.nn.Embeddings;
import org.transfer4j.nn.FeedForward;
import org.transfer4j.nn.LayerNorm;
import org.transfer4j.nn.Module;
import org.transfer4j.nn.ModuleList;
import org.transfer4j.nn.MultiHeadSelfAttention;

/**
 * DistilBERT (Sanh et al., 2019): BERT's post-LN encoder without token types and pooler, half the
 * layers. Hugging Face names: {@code embeddings.*}, {@code transformer.layer.N.attention.{q_lin,
 * k_lin,v_lin,out_lin}}, {@code sa_layer_norm}, {@code ffn.{lin1,lin2}}, {@code output_layer_norm}.
 *
 * <pre>{@code
 * EncoderOutput out = new DistilBertModel(config, manager).forward(in, OutputOptions.NONE);
 * }</pre>
 */
public final class DistilBertModel extends PretrainedModel {
  private final DistilBertConfig config;
  private final Embeddings embeddings;
  private final Transformer transformer;

  public DistilBertModel(DistilBertConfig c, NDManager manager) {
    this.config = c;
    embeddings =
        addModule(
            "embeddings",
            new Embeddings(
                manager,
                c.vocabSize(),
                c.dim(),
                c.maxPositionEmbeddings(),
                0,
                c.padTokenId(),
                DistilBertConfig.LAYER_NORM_EPS,
                c.dropout(),
                c.initializerRange(),
                c.sinusoidalPosEmbds()));
    transformer = addModule("transformer", new Transformer(c, manager));
  }

  /** {@code transformer}: the stack under {@code transformer.layer.N}. */
  static final class Transformer extends Module {
    final ModuleList<Block> layer;

    Transformer(DistilBertConfig c, NDManager m) {
      layer = addModule("layer", new ModuleList<>());
      for (int i = 0; i < c.nLayers(); i++) {
        layer.add(new Block(c, m));
      }
    }
  }

  /** One post-LN block: {@code LN(x + attn(x))}, then {@code LN(h + ffn(h))}. */
  static final class Block extends Module {
    final MultiHeadSelfAttention attention;
    final LayerNorm saLayerNorm;
    final FeedForward ffn;
    final LayerNorm outputLayerNorm;

    Block(DistilBertConfig c, NDManager m) {
      attention =
          addModule(
              "attention",
              new MultiHeadSelfAttention(
                  m,
                  c.dim(),
                  c.nHeads(),
                  c.attentionDropout(),
                  c.initializerRange(),
                  "q_lin",
                  "k_lin",
                  "v_lin",
                  "out_lin"));
      saLayerNorm =
          addModule("sa_layer_norm", new LayerNorm(m, c.dim(), DistilBertConfig.LAYER_NORM_EPS));
      ffn =
          addModule(
              "ffn",
              new FeedForward(
                  m,
                  c.dim(),
                  c.hiddenDim(),
                  c.activationFunction(),
                  c.dropout(),
                  c.initializerRange(),
                  "lin1",
                  "lin2"));
      outputLayerNorm =
          addModule(
              "output_layer_norm", new LayerNorm(m, c.dim(), DistilBertConfig.LAYER_NORM_EPS));
    }
  }

  @Override
  public DistilBertConfig config() {
    return config;
  }

  @Override
  public String architecture() {
    return "DistilBertModel";
  }

  @Override
  public String baseModelPrefix() {
    return "distilbert";
  }

  public Embeddings embeddings() {
    return embeddings;
  }

  /** Encodes {@code (batch, seq)} inputs (token types are ignored: DistilBERT has none). */
  public EncoderOutput forward(ModelInput in, OutputOptions options) {
    NDArray mask = in.attentionMask() == null ? null : AttentionMasks.padding(in.attentionMask());
    NDArray h = embeddings.forward(in.inputIds(), null);
    List<NDArray> hidden = new ArrayList<>();
    List<NDArray> attentions = new ArrayList<>();
    for (Block b : transformer.layer.items()) {
      if (options.hiddenStates()) {
        hidden.add(h);
      }
      MultiHeadSelfAttention.Result a = b.attention.forward(h, mask, options.attentions());
      NDArray sa = b.saLayerNorm.forward(a.context().add(h));
      h = b.outputLayerNorm.forward(b.ffn.forward(sa).add(sa));
      if (options.attentions()) {
        attentions.add(a.probabilities());
      }
    }
    if (options.hiddenStates()) {
      hidden.add(h);
    }
    return new EncoderOutput(h, null, hidden, attentions);
  }

  @Override
  public Map<String, NDArray> forwardNamed(ModelInput input, OutputOptions options) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    forward(input, options).putNamed(out);
    return out;
  }
}
