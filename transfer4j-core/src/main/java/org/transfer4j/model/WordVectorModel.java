package org.transfer4j.model;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.regex.Pattern;
import org.transfer4j.nn.PretrainedEmbedding;

/**
 * The base of the models over pretrained word vectors (the classic classifiers and the BiLSTM
 * tagger): the embedding ({@code embeddings.weight}, row 0 padding) that {@code --vectors} loads
 * into, and the parts of {@link PretrainedModel} that are the same for all of them: the weights are
 * the model's own (no base-model prefix, nothing ignored on load), and the constructors already
 * initialise every layer as PyTorch does.
 *
 * @param <C> the model's config
 */
public abstract class WordVectorModel<C extends WordVectorConfig> extends PretrainedModel {
  protected final C config;
  protected final PretrainedEmbedding embeddings;

  protected WordVectorModel(C config, NDManager manager) {
    this.config = config;
    embeddings =
        addModule(
            "embeddings",
            new PretrainedEmbedding(
                manager,
                null,
                config.vocabSize(),
                config.embeddingSize(),
                config.freezeEmbeddings()));
  }

  /** The word embedding, to load pretrained vectors into. */
  public PretrainedEmbedding embeddings() {
    return embeddings;
  }

  @Override
  public C config() {
    return config;
  }

  @Override
  public String baseModelPrefix() {
    return "";
  }

  @Override
  public List<Pattern> ignoredOnLoad() {
    return List.of();
  }

  /** The constructors initialise every layer as PyTorch does; nothing to redo. */
  @Override
  public void initWeights() {}
}
