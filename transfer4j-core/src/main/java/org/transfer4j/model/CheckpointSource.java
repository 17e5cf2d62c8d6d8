package org.transfer4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Set;
import org.transfer4j.io.Checkpoint;

/** A {@link TensorSource} over a safetensors {@link Checkpoint} (single file or shards). */
public final class CheckpointSource implements TensorSource {
  private final Checkpoint checkpoint;

  public CheckpointSource(Checkpoint checkpoint) {
    this.checkpoint = checkpoint;
  }

  @Override
  public Set<String> names() {
    return checkpoint.names();
  }

  @Override
  public Shape shape(String name) {
    return checkpoint.info(name).djlShape();
  }

  @Override
  public NDArray load(String name, NDManager manager) {
    return checkpoint.toNDArray(name, manager);
  }

  @Override
  public org.transfer4j.io.DType dtype(String name) {
    return checkpoint.info(name).dtype();
  }

  @Override
  public String description() {
    return checkpoint.location().toString();
  }
}
