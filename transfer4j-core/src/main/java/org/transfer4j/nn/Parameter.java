package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * A trainable tensor with a Hugging Face style name. The value lives in the owning module's manager
 * for the module's whole life; optimizers update it in place.
 */
public final class Parameter {
  private final String name;
  private NDArray value;

  public Parameter(String name, NDArray value) {
    this.name = Objects.requireNonNull(name, "name");
    this.value = Objects.requireNonNull(value, "value");
    value.setRequiresGradient(true);
  }

  /** The local name inside its module (for example {@code weight}). */
  public String name() {
    return name;
  }

  public NDArray value() {
    return value;
  }

  public Shape shape() {
    return value.getShape();
  }

  /**
   * Copies new values into this parameter (same shape), keeping the array identity so that tied
   * references and optimizer state stay valid.
   */
  public void copyFrom(NDArray source) {
    if (!source.getShape().equals(value.getShape())) {
      throw new IllegalArgumentException(
          "parameter "
              + name
              + " has shape "
              + value.getShape()
              + " but the source has "
              + source.getShape());
    }
    value.set(source.toType(value.getDataType(), false).toByteBuffer());
  }

  /** Replaces the array (used when moving a model to another device). */
  public void replace(NDArray newValue) {
    NDArray old = value;
    value = newValue;
    value.setRequiresGradient(true);
    if (old != newValue) {
      old.close();
    }
  }
}
