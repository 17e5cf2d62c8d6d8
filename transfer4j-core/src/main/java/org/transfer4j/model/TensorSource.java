package org.transfer4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Named tensors to load weights from: a checkpoint on disk or tensors in memory.
 *
 * <pre>{@code
 * TensorSource src = TensorSource.of(Map.of("classifier.weight", w), "test");
 * LoadReport r = WeightLoader.load(model, src, LoadOptions.DEFAULTS);
 * }</pre>
 */
public interface TensorSource {
  /** Names in storage order. */
  Set<String> names();

  Shape shape(String name);

  /** The tensor as float32 in the given manager. */
  NDArray load(String name, NDManager manager);

  /** Where the tensors come from, for messages (a file path). */
  String description();

  /**
   * The tensor's element type as stored ({@code F32}, {@code BF16}, {@code I64}, ...); float types
   * are converted on load, integer and boolean types cannot hold a float weight.
   */
  default org.transfer4j.io.DType dtype(String name) {
    return org.transfer4j.io.DType.F32;
  }

  /** In-memory tensors (kept by reference; {@link #load} duplicates into the manager). */
  static TensorSource of(Map<String, NDArray> tensors, String description) {
    Map<String, NDArray> copy = new LinkedHashMap<>(tensors);
    return new TensorSource() {
      @Override
      public Set<String> names() {
        return copy.keySet();
      }

      @Override
      public Shape shape(String name) {
        return copy.get(name).getShape();
      }

      @Override
      public NDArray load(String name, NDManager manager) {
        NDArray a = copy.get(name);
        NDArray d = manager.create(a.toType(DataType.FLOAT32, true).toFloatArray(), a.getShape());
        return d;
      }

      @Override
      public String description() {
        return description;
      }
    };
  }
}
