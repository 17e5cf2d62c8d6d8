package org.transfer4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.transfer4j.io.SafeTensorsFile;
import org.transfer4j.io.TensorInfo;

/** Reads a golden fixture's inputs and compares outputs with its expected tensors. */
public final class Golden {
  public static final double TOLERANCE = 1e-4;

  private Golden() {}

  /** The fixture's inputs as a {@link ModelInput} in the manager. */
  public static ModelInput inputs(Path dir, NDManager m) throws IOException {
    try (SafeTensorsFile f = SafeTensorsFile.open(dir.resolve("inputs.safetensors"))) {
      return new ModelInput(
          f.toNDArray("input_ids", m),
          f.has("attention_mask") ? f.toNDArray("attention_mask", m) : null,
          f.has("token_type_ids") ? f.toNDArray("token_type_ids", m) : null);
    }
  }

  /** The attention mask flattened to (rows, seq), or null. */
  public static long[] mask(Path dir) throws IOException {
    try (SafeTensorsFile f = SafeTensorsFile.open(dir.resolve("inputs.safetensors"))) {
      return f.has("attention_mask") ? f.readLongs("attention_mask") : null;
    }
  }

  /**
   * Asserts every expected tensor is among the actual outputs with the same shape and agrees within
   * {@link #TOLERANCE} where the attention mask is 1; returns the number of tensors compared.
   */
  public static int assertMatches(Path dir, Map<String, float[]> actual, Map<String, long[]> shapes)
      throws IOException {
    long[] mask = mask(dir);
    long seq;
    try (SafeTensorsFile in = SafeTensorsFile.open(dir.resolve("inputs.safetensors"))) {
      long[] s = in.info("input_ids").shape();
      seq = s[s.length - 1];
    }
    int n = 0;
    try (SafeTensorsFile f = SafeTensorsFile.open(dir.resolve("expected.safetensors"))) {
      for (TensorInfo t : f.tensors()) {
        if (t.dtype() != org.transfer4j.io.DType.F32) {
          continue; // int references (e.g. greedy decoding) belong to other tests
        }
        String name = t.name();
        assertThat(actual).as("outputs of " + dir).containsKey(name);
        assertThat(shapes.get(name)).as(name + " shape").containsExactly(t.shape());
        float[] want = f.readFloats(name);
        float[] got = actual.get(name);
        double worst = maxMaskedDiff(name, t.shape(), want, got, mask, seq);
        assertThat(worst).as(dir.getFileName() + " " + name + " max |diff|").isLessThan(TOLERANCE);
        n++;
      }
    }
    return n;
  }

  /**
   * Max |want - got| over positions whose token (axis 1, or the query axis of attentions) is real.
   */
  static double maxMaskedDiff(
      String name, long[] shape, float[] want, float[] got, long[] mask, long seq) {
    assertThat(got.length).as(name).isEqualTo(want.length);
    int tokenAxis = -1;
    if (mask != null) {
      if (name.startsWith("attentions.")) {
        tokenAxis = 2; // (batch, heads, query, key): the query's row
      } else if (shape.length >= 3 && shape[1] == seq) {
        tokenAxis = 1; // (batch, seq, ...)
      }
    }
    long[] strides = new long[shape.length];
    long s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= shape[i];
    }
    double worst = 0;
    for (int i = 0; i < want.length; i++) {
      if (tokenAxis >= 0) {
        long b = i / strides[0];
        long tok = (i / strides[tokenAxis]) % shape[tokenAxis];
        if (mask[(int) (b * seq + tok)] == 0) {
          continue;
        }
      }
      worst = Math.max(worst, Math.abs(want[i] - got[i]));
    }
    return worst;
  }

  /** Copies outputs to Java arrays (values and shapes). */
  public static Map<String, float[]> values(Map<String, NDArray> out) {
    Map<String, float[]> v = new java.util.LinkedHashMap<>();
    out.forEach((k, a) -> v.put(k, a.toFloatArray()));
    return v;
  }

  public static Map<String, long[]> shapes(Map<String, NDArray> out) {
    Map<String, long[]> v = new java.util.LinkedHashMap<>();
    out.forEach((k, a) -> v.put(k, a.getShape().getShape()));
    return v;
  }

  static String describe(long[] s) {
    return Arrays.toString(s);
  }
}
