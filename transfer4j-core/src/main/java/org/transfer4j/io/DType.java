package org.transfer4j.io;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.transfer4j.BadInputException;

/**
 * The element types of a safetensors file, named as in its header ({@code "F32"}, {@code "I64"}).
 *
 * <pre>{@code
 * DType t = DType.parse("BF16");   // t.byteSize() == 2, t.isFloating()
 * }</pre>
 */
public enum DType {
  F64(8, true),
  F32(4, true),
  F16(2, true),
  BF16(2, true),
  I64(8, false),
  I32(4, false),
  I16(2, false),
  I8(1, false),
  U8(1, false),
  BOOL(1, false);

  private final int byteSize;
  private final boolean floating;

  DType(int byteSize, boolean floating) {
    this.byteSize = byteSize;
    this.floating = floating;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** Whether the type is a floating-point type (read with {@code readFloats}). */
  public boolean isFloating() {
    return floating;
  }

  /**
   * The type named {@code s} in a safetensors header.
   *
   * @throws BadInputException when the name is not a supported type (the message lists them)
   */
  public static DType parse(String s) {
    for (DType t : values()) {
      if (t.name().equals(s)) {
        return t;
      }
    }
    throw new BadInputException(
        "unknown or unsupported safetensors dtype '"
            + s
            + "'; supported: "
            + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
  }

  /**
   * The safetensors type of a DJL data type.
   *
   * @throws IllegalArgumentException for DJL types safetensors cannot store here (strings, complex,
   *     unsigned 16/32/64-bit)
   */
  public static DType of(DataType t) {
    switch (t) {
      case FLOAT64:
        return F64;
      case FLOAT32:
        return F32;
      case FLOAT16:
        return F16;
      case BFLOAT16:
        return BF16;
      case INT64:
        return I64;
      case INT32:
        return I32;
      case INT16:
        return I16;
      case INT8:
        return I8;
      case UINT8:
        return U8;
      case BOOLEAN:
        return BOOL;
      default:
        throw new IllegalArgumentException(
            "DJL data type " + t + " cannot be written to safetensors by transfer4j");
    }
  }

  /** The DJL data type with the same layout. */
  public DataType toDataType() {
    switch (this) {
      case F64:
        return DataType.FLOAT64;
      case F32:
        return DataType.FLOAT32;
      case F16:
        return DataType.FLOAT16;
      case BF16:
        return DataType.BFLOAT16;
      case I64:
        return DataType.INT64;
      case I32:
        return DataType.INT32;
      case I16:
        return DataType.INT16;
      case I8:
        return DataType.INT8;
      case U8:
        return DataType.UINT8;
      case BOOL:
        return DataType.BOOLEAN;
      default:
        throw new AssertionError(this);
    }
  }
}
