package org.transfer4j.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes and reads a model's weights (and config) in a checkpoint directory; the task supplies it
 * so that checkpoints are Hugging Face model folders ({@code config.json}, {@code
 * model.safetensors}). {@link ModuleSaver} is the generic one for any {@code Module}.
 *
 * <pre>{@code
 * ModelSaver saver = new ModuleSaver(model);
 * }</pre>
 */
public interface ModelSaver {
  /** Writes the model into {@code dir} (an existing, empty temp directory). */
  void save(Path dir) throws IOException;

  /** Loads the weights from a directory written by {@link #save}. */
  void load(Path dir) throws IOException;
}
