package org.transfer4j.model.distilbert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.transfer4j.model.LogitsOutput;
import org.transfer4j.model.PretrainedModel;

/** A DistilBERT encoder under the name {@code distilbert} with a task head beside it. */
public abstract class DistilBertHeadModel extends PretrainedModel {
  protected final DistilBertConfig config;
  protected final DistilBertModel distilbert;

  protected DistilBertHeadModel(DistilBertConfig config, NDManager manager) {
    this.config = config;
    distilbert = addModule("distilbert", new DistilBertModel(config, manager));
  }

  @Override
  public DistilBertConfig config() {
    return config;
  }

  @Override
  public String baseModelPrefix() {
    return "distilbert";
  }

  public DistilBertModel distilbert() {
    return distilbert;
  }

  static Map<String, NDArray> named(LogitsOutput o) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    o.encoder().putNamed(out);
    out.put("logits", o.logits());
    return out;
  }
}
