package org.transfer4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.transfer4j.BadInputException;
import org.transfer4j.io.SafeTensorsFile;
import org.transfer4j.io.SafeTensorsWriter;
import org.transfer4j.nn.Module;
import org.transfer4j.nn.Parameter;

/**
 * Saves any {@link Module} as {@code model.safetensors} under its Hugging Face parameter names and
 * loads it back in place (same arrays, so optimizer state and tied weights stay valid). Model
 * helpers that also write {@code config.json} wrap or replace it.
 *
 * <pre>{@code
 * ModelSaver saver = new ModuleSaver(model);
 * saver.save(dir);
 * saver.load(dir);
 * }</pre>
 */
public final class ModuleSaver implements ModelSaver {
  public static final String WEIGHTS = "model.safetensors";
  private final Module module;

  public ModuleSaver(Module module) {
    this.module = module;
  }

  @Override
  public void save(Path dir) throws IOException {
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
      tensors.put(e.getKey(), e.getValue().value());
    }
    SafeTensorsWriter.write(dir.resolve(WEIGHTS), tensors, Map.of("format", "pt"));
  }

  @Override
  public void load(Path dir) throws IOException {
    Path file = dir.resolve(WEIGHTS);
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(
          "checkpoint "
              + dir
              + " has no "
              + WEIGHTS
              + " (the run was stopped while saving it, or the file was deleted); use another"
              + " checkpoint of the run (OUTPUT/checkpoint-N, OUTPUT/best or OUTPUT/final)");
    }
    try (SafeTensorsFile st = SafeTensorsFile.open(file);
        NDManager tmp = module.manager().newSubManager()) {
      for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
        if (st.find(e.getKey()).isEmpty()) {
          throw new BadInputException(
              file + " has no tensor " + e.getKey() + "; it was saved from a different model");
        }
        NDArray value = st.toNDArray(e.getKey(), tmp);
        if (!value.getShape().equals(e.getValue().shape())) {
          throw new BadInputException(
              file
                  + ": tensor "
                  + e.getKey()
                  + " has shape "
                  + value.getShape()
                  + " but the model expects "
                  + e.getValue().shape());
        }
        e.getValue().copyFrom(value);
      }
    }
  }
}
