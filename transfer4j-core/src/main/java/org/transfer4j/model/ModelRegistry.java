package org.transfer4j.model;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.transfer4j.BadInputException;

/**
 * The supported model types ({@code model_type}) and classes ({@code architectures}). Each model
 * package registers itself in the static block below with one line, so {@link HfModels} can load
 * any supported folder.
 *
 * <pre>{@code
 * ModelRegistry.registerType("bert", BertConfig::fromJson, "BertModel");
 * ModelRegistry.registerArchitecture("BertForMaskedLM", "bert", BertForMaskedLM.class,
 *     (config, manager) -> new BertForMaskedLM((BertConfig) config, manager));
 * }</pre>
 */
public final class ModelRegistry {
  /** Parses a {@code config.json} of one model type. */
  @FunctionalInterface
  public interface ConfigParser {
    ModelConfig parse(ConfigJson json);
  }

  /** Builds a freshly initialised model from its config. */
  @FunctionalInterface
  public interface Factory {
    PretrainedModel create(ModelConfig config, NDManager manager);
  }

  /** A registered model type. */
  public record Type(String modelType, ConfigParser parser, String baseArchitecture) {}

  /** A registered class. */
  public record Architecture(
      String name, String modelType, Class<? extends PretrainedModel> type, Factory factory) {}

  private static final Map<String, Type> TYPES = new LinkedHashMap<>();
  private static final Map<String, Architecture> ARCHITECTURES = new LinkedHashMap<>();

  static {
    org.transfer4j.model.bert.BertArchitectures.register();
    org.transfer4j.model.distilbert.DistilBertArchitectures.register();
    org.transfer4j.model.gpt2.Gpt2Architectures.register();
    org.transfer4j.model.classic.WordClassifierArchitectures.register();
    org.transfer4j.model.tagger.WordTaggerArchitectures.register();
  }

  private ModelRegistry() {}

  public static synchronized void registerType(
      String modelType, ConfigParser parser, String baseArchitecture) {
    TYPES.put(modelType, new Type(modelType, parser, baseArchitecture));
  }

  public static synchronized void registerArchitecture(
      String name, String modelType, Class<? extends PretrainedModel> type, Factory factory) {
    ARCHITECTURES.put(name, new Architecture(name, modelType, type, factory));
  }

  /** The known {@code model_type} values, sorted. */
  public static synchronized List<String> modelTypes() {
    return new ArrayList<>(new TreeSet<>(TYPES.keySet()));
  }

  /** The known class names, sorted. */
  public static synchronized List<String> architectures() {
    return new ArrayList<>(new TreeSet<>(ARCHITECTURES.keySet()));
  }

  /**
   * Parses a config by its {@code model_type} (or, when absent, by the model type of its first
   * known architecture).
   */
  public static synchronized ModelConfig parseConfig(ConfigJson json) {
    String type = json.modelType();
    if (type == null) {
      for (String a : json.architectures()) {
        Architecture arch = ARCHITECTURES.get(a);
        if (arch != null) {
          type = arch.modelType();
          break;
        }
      }
    }
    if (type == null) {
      throw new BadInputException(
          json.source() + ": missing required key 'model_type'; set it to one of " + modelTypes());
    }
    Type t = TYPES.get(type);
    if (t == null) {
      throw new BadInputException(
          json.source()
              + ": unknown model_type '"
              + type
              + "'; supported model types: "
              + modelTypes());
    }
    return t.parser().parse(json);
  }

  /**
   * The architecture to build for a config: its first known {@code architectures} entry, else the
   * base model.
   */
  public static synchronized Architecture architectureFor(ModelConfig config) {
    for (String a : config.architectures()) {
      Architecture arch = ARCHITECTURES.get(a);
      if (arch != null && arch.modelType().equals(config.modelType())) {
        return arch;
      }
    }
    return ARCHITECTURES.get(TYPES.get(config.modelType()).baseArchitecture());
  }

  /** The registration of a class. */
  public static synchronized Architecture architecture(Class<? extends PretrainedModel> type) {
    for (Architecture a : ARCHITECTURES.values()) {
      if (a.type().equals(type)) {
        return a;
      }
    }
    throw new IllegalArgumentException(type.getName() + " is not a registered architecture");
  }

  /** The registration of a class name. */
  public static synchronized Architecture architecture(String name) {
    Architecture a = ARCHITECTURES.get(name);
    if (a == null) {
      throw new BadInputException(
          "unknown architecture '" + name + "'; supported: " + architectures());
    }
    return a;
  }
}
