package org.transfer4j.spark;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.transfer4j.BadInputException;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.task.TaskEncoders;
import org.transfer4j.task.TaskInfo;
import org.transfer4j.task.TaskKind;
import org.transfer4j.task.TaskModel;

/**
 * A partition's lease on the executor's shared fine-tuned {@link TaskModel} (classifier or tagger),
 * with the encoders for the transformer's {@code maxLength}. Forward passes are serialised on the
 * model: {@link TaskModel#outputs} switches the shared model's training flag and is not safe from
 * two task threads at once; tokenization runs outside the lock, in parallel.
 *
 * <pre>{@code
 * try (SharedTaskModel m = SharedTaskModel.open("out/classifier", 0)) {
 *   float[][] logits = m.logits(examples, 32);
 * }
 * }</pre>
 */
final class SharedTaskModel implements AutoCloseable {
  private final SharedModels.Lease<TaskModel> lease;
  private final TaskEncoders encoders;

  private SharedTaskModel(SharedModels.Lease<TaskModel> lease, TaskEncoders encoders) {
    this.lease = lease;
    this.encoders = encoders;
  }

  /**
   * Acquires the model of {@code model} (folder or name); {@code maxLength} 0 keeps task.json's.
   */
  static SharedTaskModel open(String model, int maxLength) {
    Path dir = ModelFolders.resolve(model);
    SharedModels.Lease<TaskModel> lease =
        SharedModels.acquire("task:" + dir.toAbsolutePath(), () -> TaskModel.load(dir));
    TaskModel m = lease.get();
    return new SharedTaskModel(
        lease,
        maxLength == 0 ? m.encoders() : TaskEncoders.of(m.encoders().tokenizer(), maxLength));
  }

  /**
   * The task of a fine-tuned folder, read on the driver to build the output schema; checks the
   * model's kind and that {@code maxLength} fits its positions, so a mistake fails before any task.
   */
  static TaskInfo info(String model, TaskKind expected, int maxLength) {
    Path dir = ModelFolders.resolve(model);
    try {
      TaskInfo info = TaskInfo.read(dir);
      if (info.kind() != expected) {
        throw new BadInputException(
            "model "
                + model
                + " is a "
                + info.kind().id()
                + " model (task.json); this transformer needs a "
                + expected.id()
                + " model");
      }
      JsonElement positions = HfModels.readConfig(dir).toJson().get("max_position_embeddings");
      if (positions != null && maxLength > positions.getAsInt()) {
        throw new BadInputException(
            "maxLength "
                + maxLength
                + " is above the model's "
                + positions.getAsInt()
                + " positions ("
                + dir
                + "); use at most "
                + positions.getAsInt());
      }
      return info;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model folder " + dir, e);
    }
  }

  TaskModel model() {
    return lease.get();
  }

  TaskEncoders encoders() {
    return encoders;
  }

  /**
   * Every example's logits, in order; one forward pass at a time per JVM. On ONNX Runtime two
   * passes at once would be safe, but measured slower: 30,000 BANKING77 texts with {@code local[2]}
   * ran at 577-601 texts/s without the lock against 628-655 with it (BENCHMARKS.md).
   */
  float[][] logits(List<EncodedExample> examples, int batchSize) {
    TaskModel m = lease.get();
    synchronized (m) {
      return m.outputs(examples, batchSize);
    }
  }

  @Override
  public void close() {
    lease.close();
  }
}
