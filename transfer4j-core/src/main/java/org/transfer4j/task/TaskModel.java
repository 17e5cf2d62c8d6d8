package org.transfer4j.task;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.transfer4j.data.BucketBatcher;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.data.FineTuneBatcher;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.LoadOptions;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.tokenize.Tokenizer;

/**
 * A fine-tuned folder loaded for evaluation and prediction: the head model (in evaluation mode),
 * its tokenizer, its labels and {@code task.json}.
 *
 * <pre>{@code
 * try (TaskModel m = TaskModel.load(Path.of("out"))) {
 *   Scores s = ClassificationTask.evaluate(m, Path.of("test.csv"), 64);
 * }
 * }</pre>
 */
public final class TaskModel implements AutoCloseable {
  private final NDManager manager;
  private final PretrainedModel model;
  private final TaskInfo info;
  private final TaskEncoders encoders;

  private TaskModel(NDManager manager, PretrainedModel model, TaskInfo info, TaskEncoders enc) {
    this.manager = manager;
    this.model = model;
    this.info = info;
    this.encoders = enc;
  }

  /** Loads {@code config.json}, {@code model.safetensors}, the tokenizer and {@code task.json}. */
  public static TaskModel load(Path dir) throws IOException {
    Bootstrap.engine();
    TaskInfo info = TaskInfo.read(dir);
    Tokenizer tokenizer = Tokenizer.load(dir);
    org.transfer4j.model.ConfigChecks.tokenizerFits(
        tokenizer.vocabSize(), HfModels.readConfig(dir), dir);
    NDManager manager = NDManager.newBaseManager();
    try {
      PretrainedModel model = HfModels.loadWithReport(dir, manager, LoadOptions.DEFAULTS).model();
      if (TaskKind.ofArchitecture(model.architecture()) != info.kind()) {
        throw new org.transfer4j.BadInputException(
            dir
                + ": task.json says "
                + info.kind().id()
                + " but the model is "
                + model.architecture());
      }
      model.train(false);
      return new TaskModel(manager, model, info, TaskEncoders.of(tokenizer, info.maxLength()));
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  public PretrainedModel model() {
    return model;
  }

  public TaskInfo info() {
    return info;
  }

  public TaskEncoders encoders() {
    return encoders;
  }

  /** The head's labels in id order ({@code id2label}). */
  public List<String> labels() {
    return model.config().labels().names();
  }

  /** Every example's logits, in order. */
  public float[][] outputs(List<EncodedExample> examples, int batchSize) {
    if (examples.isEmpty()) {
      return new float[0][];
    }
    FineTuneBatcher batcher =
        new FineTuneBatcher(encoders.specials().pad(), BucketBatcher.bucketed(batchSize));
    return TaskForward.outputs(model, examples, batcher, batchSize);
  }

  @Override
  public void close() {
    manager.close();
  }
}
