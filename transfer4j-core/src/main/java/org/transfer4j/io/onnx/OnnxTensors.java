package org.transfer4j.io.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import org.transfer4j.BadInputException;
import org.transfer4j.io.onnx.proto.Onnx.TensorProto;

/**
 * The values of an ONNX {@code TensorProto}: from {@code raw_data} (little-endian bytes, what
 * exporters write) or from the typed fields ({@code float_data}, {@code int64_data}, {@code
 * int32_data}). Tensors whose data lies in a file beside the model are refused with a message
 * saying how to re-export.
 *
 * <pre>{@code
 * float[] w = OnnxTensors.floats(tensor, "model.onnx"); // row-major, shape tensor.getDimsList()
 * }</pre>
 */
public final class OnnxTensors {
  private OnnxTensors() {}

  /** The shape ({@code dims}); a scalar has none. */
  public static long[] shape(TensorProto t) {
    return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
  }

  /** The number of elements the shape holds. */
  public static long numel(TensorProto t) {
    long n = 1;
    for (long d : t.getDimsList()) {
      if (d < 0) {
        throw new BadInputException(
            "tensor " + t.getName() + " has a negative dimension " + t.getDimsList());
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** A float32 tensor's values, row-major. */
  public static float[] floats(TensorProto t, String source) {
    refuseExternal(t, source);
    if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
      throw new BadInputException(
          source + ": tensor " + t.getName() + " is " + typeName(t) + ", expected FLOAT (float32)");
    }
    int n = checkedNumel(t, source);
    float[] out;
    if (!t.getRawData().isEmpty()) {
      checkRaw(t, n, 4, source);
      out = new float[n];
      FloatBuffer fb =
          t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      fb.get(out);
    } else {
      if (t.getFloatDataCount() != n) {
        throw sizeMismatch(t, n, t.getFloatDataCount(), source);
      }
      out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = t.getFloatData(i);
      }
    }
    return out;
  }

  /** An integer tensor's values (INT64 or INT32), row-major. */
  public static long[] longs(TensorProto t, String source) {
    refuseExternal(t, source);
    int n = checkedNumel(t, source);
    long[] out = new long[n];
    ByteString raw = t.getRawData();
    if (t.getDataType() == TensorProto.DataType.INT64_VALUE) {
      if (!raw.isEmpty()) {
        checkRaw(t, n, 8, source);
        LongBuffer lb = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        lb.get(out);
      } else if (t.getInt64DataCount() == n) {
        for (int i = 0; i < n; i++) {
          out[i] = t.getInt64Data(i);
        }
      } else {
        throw sizeMismatch(t, n, t.getInt64DataCount(), source);
      }
    } else if (t.getDataType() == TensorProto.DataType.INT32_VALUE) {
      if (!raw.isEmpty()) {
        checkRaw(t, n, 4, source);
        java.nio.IntBuffer ib =
            raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = ib.get(i);
        }
      } else if (t.getInt32DataCount() == n) {
        for (int i = 0; i < n; i++) {
          out[i] = t.getInt32Data(i);
        }
      } else {
        throw sizeMismatch(t, n, t.getInt32DataCount(), source);
      }
    } else {
      throw new BadInputException(
          source + ": tensor " + t.getName() + " is " + typeName(t) + ", expected INT64 or INT32");
    }
    return out;
  }

  /** Whether the tensor holds float32 values. */
  public static boolean isFloat(TensorProto t) {
    return t.getDataType() == TensorProto.DataType.FLOAT_VALUE;
  }

  private static String typeName(TensorProto t) {
    TensorProto.DataType d = TensorProto.DataType.forNumber(t.getDataType());
    return d == null ? "data type " + t.getDataType() : d.name();
  }

  private static void refuseExternal(TensorProto t, String source) {
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
      throw new BadInputException(
          source
              + ": tensor "
              + t.getName()
              + " keeps its data in a file beside the model (ONNX external data), which transfer4j"
              + " does not read; save the model as one file (onnx.save_model(m, path,"
              + " save_as_external_data=False)) and import that");
    }
  }

  private static int checkedNumel(TensorProto t, String source) {
    long n = numel(t);
    if (n > Integer.MAX_VALUE - 8) {
      throw new BadInputException(
          source + ": tensor " + t.getName() + " has " + n + " elements, more than a Java array");
    }
    return (int) n;
  }

  private static void checkRaw(TensorProto t, int n, int bytesPer, String source) {
    if ((long) n * bytesPer != t.getRawData().size()) {
      throw new BadInputException(
          source
              + ": tensor "
              + t.getName()
              + " of shape "
              + Arrays.toString(shape(t))
              + " needs "
              + (long) n * bytesPer
              + " bytes of raw_data but has "
              + t.getRawData().size()
              + "; the file is damaged");
    }
  }

  private static BadInputException sizeMismatch(TensorProto t, int n, int got, String source) {
    return new BadInputException(
        source
            + ": tensor "
            + t.getName()
            + " of shape "
            + Arrays.toString(shape(t))
            + " needs "
            + n
            + " values but has "
            + got
            + "; the file is damaged");
  }
}
