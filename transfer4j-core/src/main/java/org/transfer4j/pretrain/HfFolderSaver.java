package org.transfer4j.pretrain;

import java.io.IOException;
import java.nio.file.Path;
import org.transfer4j.BadInputException;
import org.transfer4j.io.Checkpoint;
import org.transfer4j.model.CheckpointSource;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.LoadOptions;
import org.transfer4j.model.LoadReport;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.model.WeightLoader;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.train.ModelSaver;

/**
 * Checkpoints as complete Hugging Face folders: {@code config.json}, {@code model.safetensors}
 * (Hugging Face names, tied weights once) and the tokenizer files, so every checkpoint loads in
 * {@code forward}, fine-tuning and {@code transformers}. Loading copies the weights into the
 * existing model in place (the optimizer keeps pointing at the same arrays).
 */
public final class HfFolderSaver implements ModelSaver {
  private final PretrainedModel model;
  private final Tokenizer tokenizer;

  /** {@code tokenizer} may be null (weights and config only). */
  public HfFolderSaver(PretrainedModel model, Tokenizer tokenizer) {
    this.model = model;
    this.tokenizer = tokenizer;
  }

  @Override
  public void save(Path dir) throws IOException {
    HfModels.save(model, dir);
    if (tokenizer != null) {
      tokenizer.save(dir);
    }
  }

  @Override
  public void load(Path dir) throws IOException {
    try (Checkpoint ckpt = Checkpoint.open(dir)) {
      LoadReport report =
          WeightLoader.load(model, new CheckpointSource(ckpt), LoadOptions.DEFAULTS);
      if (!report.isComplete()) {
        throw new BadInputException(
            "checkpoint " + dir + " does not match the model: " + report.summary());
      }
    }
  }
}
