package org.transfer4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.testing.SharedData;

class SafeTensorsRoundTripTest {
  @TempDir Path tmp;

  static Stream<String> goldenFiles() {
    return GoldenSafeTensorsTest.folders()
        .flatMap(
            d ->
                Stream.of("model", "inputs", "expected")
                    .map(f -> "golden/" + d + "/" + f + ".safetensors"));
  }

  /** Checks the written header follows the format: alignment, padding, metadata, offsets. */
  static void assertSpecConformant(Path file, Map<String, String> metadata, List<String> order)
      throws IOException {
    byte[] all = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    long n = b.getLong(0);
    assertThat((8 + n) % 8).as("data section is 8-byte aligned").isZero();
    String header = new String(all, 8, (int) n, StandardCharsets.UTF_8);
    assertThat(header).startsWith("{");
    String trimmed = header.stripTrailing();
    assertThat(trimmed).endsWith("}");
    assertThat(header.substring(trimmed.length())).matches(" {0,7}");
    JsonObject root = JsonParser.parseString(header).getAsJsonObject();
    List<String> names = new ArrayList<>(root.keySet());
    if (metadata.isEmpty()) {
      assertThat(names).doesNotContain("__metadata__");
    } else {
      assertThat(names.get(0)).isEqualTo("__metadata__");
      JsonObject md = root.getAsJsonObject("__metadata__");
      assertThat(md.keySet()).containsExactlyElementsOf(metadata.keySet());
      metadata.forEach((k, v) -> assertThat(md.get(k).getAsString()).isEqualTo(v));
      names.remove(0);
    }
    assertThat(names).containsExactlyElementsOf(order);
    long offset = 0;
    for (String name : names) {
      JsonObject t = root.getAsJsonObject(name);
      assertThat(t.keySet()).containsExactly("dtype", "shape", "data_offsets");
      long begin = t.getAsJsonArray("data_offsets").get(0).getAsLong();
      long end = t.getAsJsonArray("data_offsets").get(1).getAsLong();
      assertThat(begin).as("tensors are written back to back").isEqualTo(offset);
      long numel = 1;
      for (JsonElement d : t.getAsJsonArray("shape")) {
        numel *= d.getAsLong();
      }
      assertThat(end - begin)
          .isEqualTo(numel * DType.parse(t.get("dtype").getAsString()).byteSize());
      offset = end;
    }
    assertThat(8 + n + offset).as("no trailing bytes").isEqualTo(all.length);
  }

  @ParameterizedTest
  @MethodSource("goldenFiles")
  void goldenLoadSaveLoadIsBitIdentical(String relative) throws IOException {
    Path src = SharedData.require(relative);
    Bootstrap.init(Bootstrap.Options.defaults());
    Path out = tmp.resolve("copy.safetensors");
    Map<String, String> metadata;
    List<String> order = new ArrayList<>();
    try (SafeTensorsFile f = SafeTensorsFile.open(src);
        NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> arrays = new LinkedHashMap<>();
      for (TensorInfo t : f.tensors()) {
        arrays.put(t.name(), f.toNDArray(t.name(), m));
        order.add(t.name());
      }
      metadata = f.metadata();
      SafeTensorsWriter.write(out, arrays, metadata);
      try (SafeTensorsFile g = SafeTensorsFile.open(out)) {
        assertThat(g.metadata()).isEqualTo(metadata);
        assertThat(g.tensors()).hasSameSizeAs(f.tensors());
        for (TensorInfo t : f.tensors()) {
          TensorInfo u = g.info(t.name());
          assertThat(u.dtype()).isEqualTo(t.dtype());
          assertThat(u.shape()).containsExactly(t.shape());
          assertThat(g.readBytes(t.name())).as(t.name()).isEqualTo(f.readBytes(t.name()));
        }
      }
    }
    assertSpecConformant(out, metadata, order);
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).as("no temp file is left behind").containsExactly(out);
    }
  }

  @Test
  void rawWriterRoundTripsEveryDtypeScalarsAndEmptyTensors() throws IOException {
    List<RawTensor> tensors =
        List.of(
            new RawTensor(
                "half", DType.F16, new long[] {3}, bytes(0x00, 0x3c, 0x00, 0xc0, 0x01, 0x00)),
            RawTensor.ofFloats("f32", new long[] {2, 2}, new float[] {1.5f, -0f, Float.NaN, 3e38f}),
            new RawTensor("bf", DType.BF16, new long[] {2}, bytes(0x80, 0x3f, 0x49, 0x40)),
            new RawTensor("f64", DType.F64, new long[] {1}, le8(Double.doubleToLongBits(0.1))),
            RawTensor.ofLongs(
                "i64", new long[] {3}, new long[] {Long.MIN_VALUE, -1, Long.MAX_VALUE}),
            RawTensor.ofInts("i32", new long[] {}, new int[] {-7}),
            new RawTensor("i16", DType.I16, new long[] {2}, bytes(0xff, 0xff, 0x00, 0x80)),
            new RawTensor("i8", DType.I8, new long[] {2}, bytes(0xff, 0x7f)),
            new RawTensor("u8", DType.U8, new long[] {2}, bytes(0xff, 0x7f)),
            new RawTensor("flags", DType.BOOL, new long[] {3}, bytes(0, 1, 2)),
            RawTensor.ofFloats("empty", new long[] {0, 5}, new float[0]));
    Path out = tmp.resolve("all.safetensors");
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "pt");
    metadata.put("note", "quotes \" and <tags> & unicode é");
    SafeTensorsWriter.write(out, tensors, metadata);
    assertSpecConformant(out, metadata, tensors.stream().map(RawTensor::name).toList());
    try (SafeTensorsFile f = SafeTensorsFile.open(out)) {
      assertThat(f.metadata()).isEqualTo(metadata);
      for (RawTensor t : tensors) {
        assertThat(f.info(t.name()).dtype()).isEqualTo(t.dtype());
        assertThat(f.info(t.name()).shape()).containsExactly(t.shape());
        assertThat(f.readBytes(t.name())).isEqualTo(t.data());
      }
      assertThat(f.readFloats("half")).containsExactly(1f, -2f, 0x1p-24f);
      assertThat(f.readFloats("bf")).containsExactly(1f, 3.140625f);
      assertThat(f.readFloats("f64")).containsExactly(0.1f);
      assertThat(f.readFloats("f32")).containsExactly(1.5f, -0f, Float.NaN, 3e38f);
      assertThat(f.readLongs("i64")).containsExactly(Long.MIN_VALUE, -1, Long.MAX_VALUE);
      assertThat(f.readLongs("i32")).containsExactly(-7);
      assertThat(f.readLongs("i16")).containsExactly(-1, Short.MIN_VALUE);
      assertThat(f.readLongs("i8")).containsExactly(-1, 127);
      assertThat(f.readLongs("u8")).containsExactly(255, 127);
      assertThat(f.readLongs("flags")).containsExactly(0, 1, 1);
      assertThat(f.readFloats("empty")).isEmpty();
    }
  }

  @Test
  void ndArraysOfEachDjlTypeKeepTheirDtype() throws IOException {
    Bootstrap.init(Bootstrap.Options.defaults());
    Path out = tmp.resolve("nd.safetensors");
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> arrays = new LinkedHashMap<>();
      arrays.put("f32", m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3)));
      arrays.put("f64", m.create(new double[] {0.25, -1}));
      arrays.put("f16", m.create(new float[] {1, -2, 0.5f}).toType(DataType.FLOAT16, false));
      arrays.put("i64", m.create(new long[] {1L << 40, -3}));
      arrays.put("i32", m.create(new int[] {7, -8}, new Shape(1, 2)));
      arrays.put("i8", m.create(new byte[] {-1, 5}).toType(DataType.INT8, false));
      arrays.put("u8", m.create(new byte[] {-1, 5}, new Shape(2)).toType(DataType.UINT8, false));
      arrays.put("bool", m.create(new boolean[] {true, false, true}));
      SafeTensorsWriter.write(out, arrays, Map.of());
      assertSpecConformant(out, Map.of(), List.copyOf(arrays.keySet()));
      try (SafeTensorsFile f = SafeTensorsFile.open(out)) {
        assertThat(f.tensors())
            .extracting(TensorInfo::dtype)
            .containsExactly(
                DType.F32,
                DType.F64,
                DType.F16,
                DType.I64,
                DType.I32,
                DType.I8,
                DType.U8,
                DType.BOOL);
        assertThat(f.readFloats("f32")).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(f.info("f32").shape()).containsExactly(2, 3);
        assertThat(f.readFloats("f64")).containsExactly(0.25f, -1f);
        assertThat(f.readFloats("f16")).containsExactly(1f, -2f, 0.5f);
        assertThat(f.readLongs("i64")).containsExactly(1L << 40, -3);
        assertThat(f.readLongs("i32")).containsExactly(7, -8);
        assertThat(f.readLongs("i8")).containsExactly(-1, 5);
        assertThat(f.readLongs("u8")).containsExactly(255, 5);
        assertThat(f.readLongs("bool")).containsExactly(1, 0, 1);
        NDArray f16 = f.toNDArray("f16", m);
        assertThat(f16.getDataType()).isEqualTo(DataType.FLOAT32);
        assertThat(f16.toFloatArray()).containsExactly(1f, -2f, 0.5f);
        NDArray i32 = f.toNDArray("i32", m);
        assertThat(i32.getDataType()).isEqualTo(DataType.INT64);
        assertThat(i32.getShape()).isEqualTo(new Shape(1, 2));
      }
    }
  }

  @Test
  void writingReplacesAnExistingFileAtomicallyAndKeepsOldReadersValid() throws IOException {
    Path out = tmp.resolve("w.safetensors");
    SafeTensorsWriter.write(
        out, List.of(RawTensor.ofFloats("a", new long[] {2}, new float[] {1, 2})), Map.of());
    try (SafeTensorsFile old = SafeTensorsFile.open(out)) {
      SafeTensorsWriter.write(
          out, List.of(RawTensor.ofFloats("b", new long[] {1}, new float[] {9})), Map.of());
      // the old mapping still sees the old inode's bytes
      assertThat(old.readFloats("a")).containsExactly(1, 2);
    }
    try (SafeTensorsFile now = SafeTensorsFile.open(out)) {
      assertThat(now.readFloats("b")).containsExactly(9);
    }
  }

  /** Regression guard: parameters are updated in place, so arrays must not alias the mapping. */
  @Test
  void ndArraysAreWritableCopiesIndependentOfTheFile() throws IOException {
    Bootstrap.init(Bootstrap.Options.defaults());
    Path p = tmp.resolve("p.safetensors");
    SafeTensorsWriter.write(
        p, List.of(RawTensor.ofFloats("w", new long[] {2, 2}, new float[] {1, 2, 3, 4})), Map.of());
    try (SafeTensorsFile f = SafeTensorsFile.open(p);
        NDManager m = NDManager.newBaseManager()) {
      NDArray a = f.toNDArray("w", m);
      NDArray b = f.toNDArray("w", m);
      a.addi(10f);
      assertThat(a.toFloatArray()).containsExactly(11, 12, 13, 14);
      assertThat(b.toFloatArray()).containsExactly(1, 2, 3, 4);
      assertThat(f.readFloats("w")).containsExactly(1, 2, 3, 4);
    }
  }

  static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  static byte[] le8(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, v).array();
  }
}
