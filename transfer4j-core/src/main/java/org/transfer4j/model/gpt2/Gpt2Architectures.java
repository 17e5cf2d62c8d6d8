package org.transfer4j.model.gpt2;

import org.transfer4j.model.ModelRegistry;

/**
 * Registers {@code model_type = gpt2} with the {@link ModelRegistry}. {@code GPT2LMHeadModel} is
 * also the class for folders that name {@code GPT2Model}: the base model's keys load into it
 * through the {@code transformer.} prefix.
 */
public final class Gpt2Architectures {
  private Gpt2Architectures() {}

  public static void register() {
    ModelRegistry.registerType(Gpt2Config.MODEL_TYPE, Gpt2Config::fromJson, "GPT2LMHeadModel");
    ModelRegistry.registerArchitecture(
        "GPT2LMHeadModel",
        Gpt2Config.MODEL_TYPE,
        Gpt2LMHeadModel.class,
        (c, m) -> new Gpt2LMHeadModel(m, (Gpt2Config) c));
  }
}
