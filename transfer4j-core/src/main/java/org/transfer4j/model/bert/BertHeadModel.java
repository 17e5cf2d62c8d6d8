package org.transfer4j.model.bert;

import ai.djl.ndarray.NDManager;
import org.transfer4j.model.PretrainedModel;

/** A BERT encoder under the name {@code bert} with a task head beside it. */
public abstract class BertHeadModel extends PretrainedModel {
  protected final BertConfig config;
  protected final BertModel bert;

  protected BertHeadModel(BertConfig config, NDManager manager, boolean withPooler) {
    this.config = config;
    this.bert = addModule("bert", new BertModel(config, manager, withPooler));
  }

  @Override
  public BertConfig config() {
    return config;
  }

  @Override
  public String baseModelPrefix() {
    return "bert";
  }

  /** The encoder. */
  public BertModel bert() {
    return bert;
  }
}
