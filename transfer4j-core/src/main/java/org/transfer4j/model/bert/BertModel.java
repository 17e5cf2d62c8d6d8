package org.transfer4j.model.bert;

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
import org.transfer4j.nn.Module;
import org.transfer4j.nn.ModuleList;
import org.transfer4j.nn.Pooler;

/**
 * The BERT encoder (Devlin et al., 2019): embeddings, {@code num_hidden_layers} post-LN blocks, and
 * optionally the tanh pooler over [CLS]. Parameter names are Hugging Face's {@code BertModel} names
 * ({@code embeddings.*}, {@code encoder.layer.N.*}, {@code pooler.dense.*}).
 *
 * <pre>{@code
 * BertModel bert = new BertModel(BertConfig.tiny(), manager, true);
 * bert.train(false);
 * EncoderOutput out = bert.forward(new ModelInput(ids, mask, types), OutputOptions.NONE);
 * }</pre>
 */
public final class BertModel extends PretrainedModel {
  private final BertConfig config;
  private final Embeddings embeddings;
  private final Encoder encoder;
  private final Pooler pooler;

  /** Builds a freshly initialised encoder, with the pooler when {@code withPooler}. */
  public BertModel(BertConfig config, NDManager manager, boolean withPooler) {
    this.config = config;
    embeddings =
        addModule(
            "embeddings",
            new Embeddings(
                manager,
                config.vocabSize(),
                config.hiddenSize(),
                config.maxPositionEmbeddings(),
                config.typeVocabSize(),
                config.padTokenId(),
                config.layerNormEps(),
                config.hiddenDropoutProb(),
                config.initializerRange(),
                false));
    encoder = addModule("encoder", new Encoder(config, manager));
    pooler =
        withPooler
            ? addModule(
                "pooler", new Pooler(manager, config.hiddenSize(), config.initializerRange()))
            : null;
  }

  /** With the pooler, as Hugging Face's {@code BertModel} by default. */
  public BertModel(BertConfig config, NDManager manager) {
    this(config, manager, true);
  }

  /** {@code encoder}: the stack under {@code encoder.layer.N}. */
  static final class Encoder extends Module {
    final ModuleList<BertLayer> layer;

    Encoder(BertConfig c, NDManager m) {
      layer = addModule("layer", new ModuleList<>());
      for (int i = 0; i < c.numHiddenLayers(); i++) {
        layer.add(new BertLayer(c, m));
      }
    }
  }

  @Override
  public BertConfig config() {
    return config;
  }

  @Override
  public String architecture() {
    return "BertModel";
  }

  @Override
  public String baseModelPrefix() {
    return "bert";
  }

  public Embeddings embeddings() {
    return embeddings;
  }

  public boolean hasPooler() {
    return pooler != null;
  }

  public List<BertLayer> layers() {
    return encoder.layer.items();
  }

  /**
   * Encodes {@code (batch, seq)} inputs; results belong to the inputs' manager.
   *
   * @return last hidden state {@code (batch, seq, hidden)}, pooled {@code (batch, hidden)} (null
   *     without pooler), and the optional per-layer outputs
   */
  public EncoderOutput forward(ModelInput in, OutputOptions options) {
    NDArray mask = in.attentionMask() == null ? null : AttentionMasks.padding(in.attentionMask());
    NDArray h = embeddings.forward(in.inputIds(), in.tokenTypeIds());
    List<NDArray> hidden = new ArrayList<>();
    List<NDArray> attentions = new ArrayList<>();
    for (BertLayer layer : encoder.layer.items()) {
      if (options.hiddenStates()) {
        hidden.add(h);
      }
      BertLayer.Result r = layer.forward(h, mask, options.attentions());
      h = r.hidden();
      if (options.attentions()) {
        attentions.add(r.attention());
      }
    }
    if (options.hiddenStates()) {
      hidden.add(h);
    }
    NDArray pooled = pooler == null ? null : pooler.forward(h);
    return new EncoderOutput(h, pooled, hidden, attentions);
  }

  @Override
  public Map<String, NDArray> forwardNamed(ModelInput input, OutputOptions options) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    forward(input, options).putNamed(out);
    return out;
  }
}
