package org.transfer4j.model.classic;

import org.transfer4j.model.ModelRegistry;

/** Registers {@code model_type = word_classifier} and its three classes. */
public final class WordClassifierArchitectures {
  private WordClassifierArchitectures() {}

  public static void register() {
    ModelRegistry.registerType(
        WordClassifierConfig.MODEL_TYPE,
        WordClassifierConfig::fromJson,
        "DanForSequenceClassification");
    ModelRegistry.registerArchitecture(
        "DanForSequenceClassification",
        WordClassifierConfig.MODEL_TYPE,
        DanClassifier.class,
        (c, m) -> new DanClassifier((WordClassifierConfig) c, m));
    ModelRegistry.registerArchitecture(
        "BiLstmForSequenceClassification",
        WordClassifierConfig.MODEL_TYPE,
        BiLstmClassifier.class,
        (c, m) -> new BiLstmClassifier((WordClassifierConfig) c, m));
    ModelRegistry.registerArchitecture(
        "CnnForSequenceClassification",
        WordClassifierConfig.MODEL_TYPE,
        CnnClassifier.class,
        (c, m) -> new CnnClassifier((WordClassifierConfig) c, m));
  }

  /** A fresh model of the config's architecture. */
  public static WordClassifier create(WordClassifierConfig c, ai.djl.ndarray.NDManager m) {
    return switch (c.architecture()) {
      case "bilstm" -> new BiLstmClassifier(c, m);
      case "cnn" -> new CnnClassifier(c, m);
      default -> new DanClassifier(c, m);
    };
  }
}
