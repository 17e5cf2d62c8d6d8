package org.transfer4j.model.distilbert;

import org.transfer4j.model.ModelRegistry;

/** Registers {@code model_type = distilbert} and its classes with the {@link ModelRegistry}. */
public final class DistilBertArchitectures {
  private DistilBertArchitectures() {}

  public static void register() {
    ModelRegistry.registerType(
        DistilBertConfig.MODEL_TYPE, DistilBertConfig::fromJson, "DistilBertModel");
    ModelRegistry.registerArchitecture(
        "DistilBertModel",
        "distilbert",
        DistilBertModel.class,
        (c, m) -> new DistilBertModel((DistilBertConfig) c, m));
    ModelRegistry.registerArchitecture(
        "DistilBertForSequenceClassification",
        "distilbert",
        DistilBertForSequenceClassification.class,
        (c, m) -> new DistilBertForSequenceClassification((DistilBertConfig) c, m));
    ModelRegistry.registerArchitecture(
        "DistilBertForTokenClassification",
        "distilbert",
        DistilBertForTokenClassification.class,
        (c, m) -> new DistilBertForTokenClassification((DistilBertConfig) c, m));
    ModelRegistry.registerArchitecture(
        "DistilBertForMaskedLM",
        "distilbert",
        DistilBertForMaskedLM.class,
        (c, m) -> new DistilBertForMaskedLM((DistilBertConfig) c, m));
  }
}
