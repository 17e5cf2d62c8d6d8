package org.transfer4j.task;

import java.io.IOException;
import java.nio.file.Path;
import org.transfer4j.io.Checkpoint;
import org.transfer4j.model.CheckpointSource;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.LoadOptions;
import org.transfer4j.model.LoadReport;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.train.ModelSaver;

/**
 * Checkpoints as Hugging Face folders ({@code config.json} + {@code model.safetensors} with the hub
 * names), so every {@code best/}, {@code final/} and {@code checkpoint-N/} loads anywhere.
 */
final class HfSaver implements ModelSaver {
  private final PretrainedModel model;

  HfSaver(PretrainedModel model) {
    this.model = model;
  }

  @Override
  public void save(Path dir) throws IOException {
    HfModels.save(model, dir);
  }

  @Override
  public void load(Path dir) throws IOException {
    try (Checkpoint ckpt = Checkpoint.open(dir)) {
      LoadReport r =
          org.transfer4j.model.WeightLoader.load(
              model, new CheckpointSource(ckpt), LoadOptions.DEFAULTS);
      if (!r.isComplete()) {
        throw new IllegalStateException(
            "checkpoint " + dir + " does not fit the model:\n" + r.summary());
      }
    }
  }
}
