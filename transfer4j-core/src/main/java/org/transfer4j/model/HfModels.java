package org.transfer4j.model;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.transfer4j.BadInputException;
import org.transfer4j.io.Checkpoint;
import org.transfer4j.io.RawTensor;
import org.transfer4j.io.SafeTensorsWriter;

/**
 * Loads and saves Hugging Face model folders ({@code config.json} + {@code model.safetensors}) for
 * every registered architecture, like {@code AutoModel.from_pretrained} / {@code save_pretrained}.
 *
 * <pre>{@code
 * // whatever config.json names
 * PretrainedModel any = HfModels.load(Path.of("golden/bert-pretraining"), manager);
 * // a built-in model by name
 * BertModel minilm = HfModels.load("all-MiniLM-L6-v2", BertModel.class, manager);
 * // a chosen class, e.g. fine-tuning a classifier from a pretraining checkpoint
 * BertConfig c = ((BertConfig) HfModels.readConfig(dir)).withLabels(Labels.of(List.of("a", "b")));
 * HfModels.Loaded l = HfModels.load(dir, c, BertForSequenceClassification.class, manager,
 *     LoadOptions.DEFAULTS);
 * System.err.println(l.report().summary());  // classifier.* newly initialised
 * HfModels.save(l.model(), Path.of("out"));
 * }</pre>
 */
public final class HfModels {
  private HfModels() {}

  /** A loaded model and what loading did. */
  public record Loaded(PretrainedModel model, LoadReport report) {}

  /** The config of a folder, parsed by its {@code model_type}. */
  public static ModelConfig readConfig(Path dir) throws IOException {
    return ModelRegistry.parseConfig(ConfigJson.read(dir));
  }

  /** A freshly initialised model of the given class (truncated-normal weights). */
  public static <T extends PretrainedModel> T create(
      ModelConfig config, Class<T> type, NDManager manager) {
    ModelRegistry.Architecture arch = ModelRegistry.architecture(type);
    return type.cast(create(config, arch, manager));
  }

  /** A freshly initialised model of a class named as in {@code architectures}. */
  public static PretrainedModel create(ModelConfig config, String architecture, NDManager manager) {
    return create(config, ModelRegistry.architecture(architecture), manager);
  }

  private static PretrainedModel create(
      ModelConfig config, ModelRegistry.Architecture arch, NDManager manager) {
    if (!arch.modelType().equals(config.modelType())) {
      throw new BadInputException(
          arch.name()
              + " needs a '"
              + arch.modelType()
              + "' config but the config has model_type '"
              + config.modelType()
              + "'");
    }
    PretrainedModel model = arch.factory().create(config, manager);
    model.initWeights();
    return model;
  }

  /**
   * Loads the architecture {@code config.json} names (its first registered {@code architectures}
   * entry, else the base model of its {@code model_type}); tensors must all match.
   */
  public static PretrainedModel load(Path dir, NDManager manager) throws IOException {
    return loadWithReport(dir, manager, LoadOptions.DEFAULTS).model();
  }

  /**
   * Loads a model folder or a built-in model by name ({@code "all-MiniLM-L6-v2"}, converted into
   * the cache on first use; see {@link ModelFolders#resolve(String)}).
   */
  public static PretrainedModel load(String nameOrDir, NDManager manager) throws IOException {
    return load(ModelFolders.resolve(nameOrDir), manager);
  }

  /** As {@link #load(Path, Class, NDManager)}, for a folder or a built-in model name. */
  public static <T extends PretrainedModel> T load(
      String nameOrDir, Class<T> type, NDManager manager) throws IOException {
    return load(ModelFolders.resolve(nameOrDir), type, manager);
  }

  /** As {@link #load(Path, NDManager)}, with the load report. */
  public static Loaded loadWithReport(Path dir, NDManager manager, LoadOptions options)
      throws IOException {
    ModelConfig config = readConfig(dir);
    ModelRegistry.Architecture arch = ModelRegistry.architectureFor(config);
    return load(dir, config, arch.type(), manager, options);
  }

  /** Loads a folder into a chosen class, with the folder's own config. */
  public static <T extends PretrainedModel> T load(Path dir, Class<T> type, NDManager manager)
      throws IOException {
    return type.cast(load(dir, readConfig(dir), type, manager, LoadOptions.DEFAULTS).model());
  }

  /**
   * Loads a folder's weights into a model of the given class built from {@code config} (for example
   * the folder's config with other labels); parameters the checkpoint lacks keep their fresh
   * initialisation and are listed in the report.
   */
  public static <T extends PretrainedModel> Loaded load(
      Path dir, ModelConfig config, Class<T> type, NDManager manager, LoadOptions options)
      throws IOException {
    PretrainedModel model = create(config, type, manager);
    try (Checkpoint ckpt = Checkpoint.open(dir)) {
      LoadReport report = WeightLoader.load(model, new CheckpointSource(ckpt), options);
      return new Loaded(model, report);
    }
  }

  /**
   * Writes the Hugging Face layout: {@code config.json} (with {@code architectures} = this class
   * and {@code model_type}) and {@code model.safetensors} (Hugging Face names, tied weights once,
   * fused parameters split), each file written to a temp file and moved into place.
   */
  public static void save(PretrainedModel model, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<RawTensor> tensors = new ArrayList<>();
    for (StateDict.Slot s : StateDict.slots(model).values()) {
      if (!s.canonical()) {
        continue;
      }
      float[] all = s.parameter().value().toFloatArray();
      float[] part = all;
      if (s.parts() > 1) {
        int n = all.length / s.parts();
        part = new float[n];
        System.arraycopy(all, s.part() * n, part, 0, n);
      }
      tensors.add(RawTensor.ofFloats(s.name(), s.shape().getShape(), part));
    }
    SafeTensorsWriter.write(dir.resolve(Checkpoint.SINGLE), tensors, Map.of("format", "pt"));
    com.google.gson.JsonObject json = model.config().toJson();
    json.add("architectures", ConfigJson.stringArray(List.of(model.architecture())));
    ConfigJson.write(json, dir.resolve(ConfigJson.FILE_NAME));
  }
}
