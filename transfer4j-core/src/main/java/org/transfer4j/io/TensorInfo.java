package org.transfer4j.io;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor entry of a safetensors header: name, element type, shape and byte range {@code [begin,
 * end)} relative to the start of the data section (the byte after the header).
 *
 * <pre>{@code
 * TensorInfo t = file.find("bert.embeddings.word_embeddings.weight").orElseThrow();
 * long rows = t.shape()[0];   // vocab_size
 * }</pre>
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
  public TensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    shape = shape.clone();
  }

  /** A copy of the shape (the record keeps its own). */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of dimensions (0 for a scalar). */
  public int rank() {
    return shape.length;
  }

  /** Number of elements (1 for a scalar); the header validation guarantees it does not overflow. */
  public long numel() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** Bytes in the data section: {@code end - begin}. */
  public long byteLength() {
    return end - begin;
  }

  /** The shape as a DJL {@link Shape}. */
  public Shape djlShape() {
    return new Shape(shape);
  }

  /** The shape as ints (every dimension of a checkpoint tensor fits in an int in practice). */
  public int[] intShape() {
    int[] s = new int[shape.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = Math.toIntExact(shape[i]);
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo t
        && name.equals(t.name)
        && dtype == t.dtype
        && Arrays.equals(shape, t.shape)
        && begin == t.begin
        && end == t.end;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
  }

  @Override
  public String toString() {
    return name + " " + dtype + Arrays.toString(shape) + " @[" + begin + ", " + end + ")";
  }
}
