package org.transfer4j.model.tagger;

import org.transfer4j.model.ModelRegistry;

/** Registers {@code model_type = word_tagger} and its classes (softmax and CRF output). */
public final class WordTaggerArchitectures {
  private WordTaggerArchitectures() {}

  public static void register() {
    ModelRegistry.registerType(
        WordTaggerConfig.MODEL_TYPE, WordTaggerConfig::fromJson, WordTaggerConfig.SOFTMAX);
    for (String name : new String[] {WordTaggerConfig.SOFTMAX, WordTaggerConfig.CRF}) {
      ModelRegistry.registerArchitecture(
          name,
          WordTaggerConfig.MODEL_TYPE,
          WordTagger.class,
          (c, m) -> new WordTagger((WordTaggerConfig) c, m));
    }
  }
}
