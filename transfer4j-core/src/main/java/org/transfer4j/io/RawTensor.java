package org.transfer4j.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor as plain Java data for {@link SafeTensorsWriter}, for callers that do not use DJL: name,
 * element type, shape and the little-endian bytes.
 *
 * <pre>{@code
 * SafeTensorsWriter.write(path, List.of(
 *     RawTensor.ofFloats("w", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
 *     RawTensor.ofLongs("ids", new long[] {2}, new long[] {7, 8})), Map.of());
 * }</pre>
 */
public record RawTensor(String name, DType dtype, long[] shape, byte[] data) {
  public RawTensor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    shape = shape.clone();
    long numel = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "tensor " + name + " has a negative dimension: " + Arrays.toString(shape));
      }
      numel = Math.multiplyExact(numel, d);
    }
    if (Math.multiplyExact(numel, (long) dtype.byteSize()) != data.length) {
      throw new IllegalArgumentException(
          "tensor "
              + name
              + ": "
              + dtype
              + Arrays.toString(shape)
              + " needs "
              + numel * dtype.byteSize()
              + " bytes but "
              + data.length
              + " were given");
    }
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** An F32 tensor. */
  public static RawTensor ofFloats(String name, long[] shape, float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return new RawTensor(name, DType.F32, shape, b.array());
  }

  /**
   * An F16 tensor: each float rounded to IEEE half precision (nearest even; see {@link
   * HalfFloats}).
   */
  public static RawTensor ofHalfFloats(String name, long[] shape, float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putShort(HalfFloats.floatToF16(v));
    }
    return new RawTensor(name, DType.F16, shape, b.array());
  }

  /** A BF16 tensor: each float rounded to bfloat16 (nearest even; see {@link HalfFloats}). */
  public static RawTensor ofBFloat16(String name, long[] shape, float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putShort(HalfFloats.floatToBf16(v));
    }
    return new RawTensor(name, DType.BF16, shape, b.array());
  }

  /** An I64 tensor. */
  public static RawTensor ofLongs(String name, long[] shape, long[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return new RawTensor(name, DType.I64, shape, b.array());
  }

  /** An I32 tensor. */
  public static RawTensor ofInts(String name, long[] shape, int[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return new RawTensor(name, DType.I32, shape, b.array());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawTensor t
        && name.equals(t.name)
        && dtype == t.dtype
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "RawTensor[" + name + " " + dtype + Arrays.toString(shape) + "]";
  }
}
