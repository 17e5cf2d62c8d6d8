package org.transfer4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity with the reference implementation: {@code reference-0.8.0.safetensors} was written by
 * Hugging Face's safetensors 0.8.0 (its Rust core, through Python; the script is {@code
 * reference-0.8.0.py} beside it) with every dtype transfer4j reads. We must read its values, and
 * writing the same tensors in {@link SafeTensorsWriter.Order#REFERENCE} must give the same bytes.
 */
class SafeTensorsReferenceTest {
  @TempDir Path tmp;

  private Path fixture() throws IOException {
    Path p = tmp.resolve("reference.safetensors");
    try (InputStream in = getClass().getResourceAsStream("reference-0.8.0.safetensors")) {
      Files.copy(in, p);
    }
    return p;
  }

  private static byte[] le(int bytes, java.util.function.Consumer<ByteBuffer> fill) {
    ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    fill.accept(b);
    return b.array();
  }

  /** The tensors of the fixture, as the script lists them (not the file's order). */
  static List<RawTensor> tensors() {
    List<RawTensor> t = new ArrayList<>();
    t.add(RawTensor.ofFloats("z.f32", new long[] {2, 2}, new float[] {1.5f, -0f, 3.0e38f, -2.25f}));
    t.add(RawTensor.ofFloats("a.f32", new long[] {1}, new float[] {7f}));
    t.add(
        new RawTensor(
            "bf16",
            DType.BF16,
            new long[] {3},
            le(6, b -> b.putShort((short) 0x3f80).putShort((short) 1).putShort((short) 0xff80))));
    t.add(
        new RawTensor(
            "f16",
            DType.F16,
            new long[] {4},
            le(
                8,
                b ->
                    b.putShort((short) 0x3c00)
                        .putShort((short) 0x8000)
                        .putShort((short) 1)
                        .putShort((short) 0x7c00))));
    t.add(
        new RawTensor(
            "f64", DType.F64, new long[] {2}, le(16, b -> b.putDouble(0.1).putDouble(-1e300))));
    t.add(RawTensor.ofLongs("i64", new long[] {2, 1}, new long[] {Long.MIN_VALUE, 1L << 40}));
    t.add(RawTensor.ofInts("i32", new long[] {}, new int[] {-7}));
    t.add(
        new RawTensor(
            "i16",
            DType.I16,
            new long[] {2},
            le(4, b -> b.putShort((short) -32768).putShort((short) 300))));
    t.add(new RawTensor("i8", DType.I8, new long[] {3}, new byte[] {-128, 0, 127}));
    t.add(new RawTensor("u8", DType.U8, new long[] {2}, new byte[] {(byte) 255, 1}));
    t.add(new RawTensor("mask", DType.BOOL, new long[] {3}, new byte[] {1, 0, 1}));
    t.add(RawTensor.ofFloats("empty", new long[] {0, 4}, new float[0]));
    return t;
  }

  static Map<String, String> metadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("format", "pt");
    m.put("source", "safetensors 0.8.0");
    return m;
  }

  @Test
  void readsEveryDtypeTheReferenceWrote() throws IOException {
    try (SafeTensorsFile f = SafeTensorsFile.open(fixture())) {
      assertThat(f.metadata()).isEqualTo(metadata());
      assertThat(f.tensors())
          .extracting(TensorInfo::name)
          .containsExactly(
              "i64", "f64", "a.f32", "empty", "z.f32", "i32", "bf16", "f16", "i16", "i8", "u8",
              "mask");
      assertThat(f.readFloats("z.f32")).containsExactly(1.5f, -0f, 3.0e38f, -2.25f);
      assertThat(f.readFloats("a.f32")).containsExactly(7f);
      assertThat(f.readFloats("bf16")).containsExactly(1f, 0x1p-133f, Float.NEGATIVE_INFINITY);
      assertThat(f.readFloats("f16")).containsExactly(1f, -0f, 0x1p-24f, Float.POSITIVE_INFINITY);
      assertThat(Float.floatToRawIntBits(f.readFloats("f16")[1])).isEqualTo(0x80000000);
      assertThat(f.readFloats("f64")).containsExactly(0.1f, Float.NEGATIVE_INFINITY);
      assertThat(f.readLongs("i64")).containsExactly(Long.MIN_VALUE, 1L << 40);
      assertThat(f.info("i64").shape()).containsExactly(2, 1);
      assertThat(f.readLongs("i32")).containsExactly(-7);
      assertThat(f.info("i32").shape()).isEmpty();
      assertThat(f.readLongs("i16")).containsExactly(-32768, 300);
      assertThat(f.readLongs("i8")).containsExactly(-128, 0, 127);
      assertThat(f.readLongs("u8")).containsExactly(255, 1);
      assertThat(f.readLongs("mask")).containsExactly(1, 0, 1);
      assertThat(f.readFloats("empty")).isEmpty();
      assertThat(f.info("empty").shape()).containsExactly(0, 4);
    }
  }

  @Test
  void referenceOrderWritesTheReferenceBytes() throws IOException {
    Path out = tmp.resolve("ours.safetensors");
    SafeTensorsWriter.write(out, tensors(), metadata(), SafeTensorsWriter.Order.REFERENCE);
    assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(fixture()));
  }

  @Test
  void givenOrderKeepsTheCallersOrder() throws IOException {
    Path out = tmp.resolve("given.safetensors");
    SafeTensorsWriter.write(out, tensors(), metadata());
    try (SafeTensorsFile f = SafeTensorsFile.open(out);
        SafeTensorsFile ref = SafeTensorsFile.open(fixture())) {
      assertThat(f.tensors())
          .extracting(TensorInfo::name)
          .containsExactlyElementsOf(tensors().stream().map(RawTensor::name).toList());
      for (TensorInfo t : ref.tensors()) {
        assertThat(f.readBytes(t.name())).isEqualTo(ref.readBytes(t.name()));
      }
    }
  }
}
