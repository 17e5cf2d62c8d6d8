package org.transfer4j.model.bert;

import org.transfer4j.model.ModelRegistry;

/** Registers {@code model_type = bert} and its classes with the {@link ModelRegistry}. */
public final class BertArchitectures {
  private BertArchitectures() {}

  public static void register() {
    ModelRegistry.registerType(BertConfig.MODEL_TYPE, BertConfig::fromJson, "BertModel");
    // A config with classifier_pooling = mean describes a checkpoint without a pooler (an imported
    // sentence encoder, or a classifier fine-tuned with mean pooling), so its base model has none.
    ModelRegistry.registerArchitecture(
        "BertModel",
        "bert",
        BertModel.class,
        (c, m) -> new BertModel((BertConfig) c, m, !((BertConfig) c).meanPooling()));
    ModelRegistry.registerArchitecture(
        "BertForPreTraining",
        "bert",
        BertForPreTraining.class,
        (c, m) -> new BertForPreTraining((BertConfig) c, m));
    ModelRegistry.registerArchitecture(
        "BertForMaskedLM",
        "bert",
        BertForMaskedLM.class,
        (c, m) -> new BertForMaskedLM((BertConfig) c, m));
    ModelRegistry.registerArchitecture(
        "BertForNextSentencePrediction",
        "bert",
        BertForNextSentencePrediction.class,
        (c, m) -> new BertForNextSentencePrediction((BertConfig) c, m));
    ModelRegistry.registerArchitecture(
        "BertForSequenceClassification",
        "bert",
        BertForSequenceClassification.class,
        (c, m) -> new BertForSequenceClassification((BertConfig) c, m));
    ModelRegistry.registerArchitecture(
        "BertForTokenClassification",
        "bert",
        BertForTokenClassification.class,
        (c, m) -> new BertForTokenClassification((BertConfig) c, m));
    ModelRegistry.registerArchitecture(
        BertCrfForTokenClassification.NAME,
        "bert",
        BertCrfForTokenClassification.class,
        (c, m) -> new BertCrfForTokenClassification((BertConfig) c, m));
    ModelRegistry.registerArchitecture(
        "BertForMultipleChoice",
        "bert",
        BertForMultipleChoice.class,
        (c, m) -> new BertForMultipleChoice((BertConfig) c, m));
  }
}
