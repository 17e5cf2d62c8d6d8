package org.transfer4j.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.transfer4j.BadInputException;

/**
 * Turns what a user passes as {@code --model} (a folder, or the name of a built-in model) into a
 * model folder, like the first argument of {@code from_pretrained}. Every command and loader that
 * reads a model folder goes through {@link #resolve(String)}, so a built-in name works wherever a
 * folder does.
 *
 * <pre>{@code
 * Path dir = ModelFolders.resolve("all-MiniLM-L6-v2"); // or "runs/finetuned"
 * PretrainedModel m = HfModels.load(dir, manager);
 * }</pre>
 */
public final class ModelFolders {
  private ModelFolders() {}

  /**
   * The folder for {@code nameOrDir}: an existing folder as it is, otherwise a built-in model's
   * cache folder (converted on first use).
   *
   * @throws BadInputException when it is neither
   */
  public static Path resolve(String nameOrDir) {
    Path dir = Path.of(nameOrDir);
    if (Files.isDirectory(dir)) {
      return dir;
    }
    Optional<BuiltinModels.Model> builtin = BuiltinModels.find(nameOrDir);
    if (builtin.isPresent()) {
      try {
        return BuiltinModels.folder(builtin.get());
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot write the cache of built-in model " + nameOrDir + ": " + e.getMessage(), e);
      }
    }
    throw new BadInputException(
        "--model "
            + nameOrDir
            + ": no such model folder or built-in model; give a folder with config.json and"
            + " model.safetensors, or a name from `transfer4j models` ("
            + BuiltinModels.names()
            + ")");
  }
}
