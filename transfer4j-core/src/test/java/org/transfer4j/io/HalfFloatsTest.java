package org.transfer4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.engine.Bootstrap;

/** F16 and BF16 widening against hand-computed values, and narrowing by brute force. */
class HalfFloatsTest {
  @TempDir Path tmp;

  // bits of the 16-bit value, expected float as a hex float literal (bit-exact)
  @ParameterizedTest(name = "f16 {0} = {1}")
  @CsvSource({
    "0x0000, 0x0.0p0", // +0
    "0x3c00, 0x1.0p0", // 1
    "0xc000, -0x1.0p1", // -2
    "0x3800, 0x1.0p-1", // 0.5
    "0x3555, 0x1.554p-2", // 0.333251953125, nearest to 1/3
    "0x4248, 0x1.92p1", // 3.140625
    "0x7bff, 0x1.ffcp15", // 65504, the largest finite
    "0x0400, 0x1.0p-14", // smallest normal
    "0x03ff, 0x1.ff8p-15", // largest subnormal: 1023 * 2^-24
    "0x0001, 0x1.0p-24", // smallest subnormal
    "0x8001, -0x1.0p-24", // negative subnormal
    "0x0200, 0x1.0p-15", // subnormal 512 * 2^-24
    "0x7c00, Infinity",
    "0xfc00, -Infinity",
  })
  void f16Widening(String bits, String expected) {
    float f = HalfFloats.f16ToFloat((short) Integer.decode(bits).intValue());
    assertThat(f).isEqualTo(Float.parseFloat(expected));
  }

  @ParameterizedTest(name = "bf16 {0} = {1}")
  @CsvSource({
    "0x0000, 0x0.0p0",
    "0x3f80, 0x1.0p0",
    "0xbf80, -0x1.0p0",
    "0x4049, 0x1.92p1", // 3.140625
    "0x7f7f, 0x1.fep127", // largest finite
    "0x0080, 0x1.0p-126", // smallest normal
    "0x0001, 0x1.0p-133", // smallest subnormal: 2^-149 * 2^16
    "0x807f, -0x1.fcp-127", // negative largest subnormal
    "0x7f80, Infinity",
    "0xff80, -Infinity",
  })
  void bf16Widening(String bits, String expected) {
    float f = HalfFloats.bf16ToFloat((short) Integer.decode(bits).intValue());
    assertThat(f).isEqualTo(Float.parseFloat(expected));
  }

  @Test
  void negativeZeroKeepsItsSignAndNaNStaysNaN() {
    assertThat(Float.floatToRawIntBits(HalfFloats.f16ToFloat((short) 0x8000)))
        .isEqualTo(0x80000000);
    assertThat(Float.floatToRawIntBits(HalfFloats.bf16ToFloat((short) 0x8000)))
        .isEqualTo(0x80000000);
    for (int nan : new int[] {0x7e00, 0x7c01, 0xfe00, 0x7fff}) {
      assertThat(HalfFloats.f16ToFloat((short) nan)).isNaN();
    }
    for (int nan : new int[] {0x7fc0, 0x7f81, 0xffc0}) {
      assertThat(HalfFloats.bf16ToFloat((short) nan)).isNaN();
    }
  }

  /** Every non-NaN half survives widening then narrowing; NaNs stay NaN. */
  @Test
  void narrowingInvertsWideningForAllHalves() {
    for (int h = 0; h < 0x10000; h++) {
      float f = HalfFloats.f16ToFloat((short) h);
      if (Float.isNaN(f)) {
        assertThat(HalfFloats.f16ToFloat(HalfFloats.floatToF16(f))).isNaN();
      } else {
        assertThat(HalfFloats.floatToF16(f) & 0xffff).as("half 0x%04x", h).isEqualTo(h);
      }
      float b = HalfFloats.bf16ToFloat((short) h);
      if (Float.isNaN(b)) {
        assertThat(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(b))).isNaN();
      } else {
        assertThat(HalfFloats.floatToBf16(b) & 0xffff).as("bf16 0x%04x", h).isEqualTo(h);
      }
    }
  }

  /**
   * Narrowing is round-to-nearest-even: brute force over every positive half, checking that the
   * midpoint to the next half rounds to the even one and values just either side go their way.
   */
  @Test
  void narrowingRoundsToNearestEven() {
    for (int h = 0; h < 0x7c00; h++) {
      double lo = HalfFloats.f16ToFloat((short) h);
      double hi = h + 1 == 0x7c00 ? 65536.0 : HalfFloats.f16ToFloat((short) (h + 1));
      float mid = (float) ((lo + hi) / 2); // exact: halves have 11 significant bits
      int even = (h & 1) == 0 ? h : h + 1;
      assertThat(HalfFloats.floatToF16(mid) & 0xffff)
          .as("midpoint above 0x%04x", h)
          .isEqualTo(even);
      assertThat(HalfFloats.floatToF16(Math.nextDown(mid)) & 0xffff).isEqualTo(h);
      assertThat(HalfFloats.floatToF16(Math.nextUp(mid)) & 0xffff).isEqualTo(h + 1);
    }
    assertThat(HalfFloats.floatToF16(1e6f)).isEqualTo((short) 0x7c00);
    assertThat(HalfFloats.floatToF16(-1e-9f)).isEqualTo((short) 0x8000);
    assertThat(HalfFloats.floatToBf16(1f + 0x1p-8f)).isEqualTo((short) 0x3f80); // tie -> even
    assertThat(HalfFloats.floatToBf16(1f + 0x3p-8f)).isEqualTo((short) 0x3f82); // tie -> even
    assertThat(HalfFloats.floatToBf16(1f + 0x1.8p-8f)).isEqualTo((short) 0x3f81);
  }

  /** Checkpoints stored in F16 and BF16 load as the same floats, through arrays and NDArrays. */
  @Test
  void f16AndBf16TensorsLoadAsFloat32() throws IOException {
    int[] f16 = {0x0000, 0x8000, 0x3c00, 0x0001, 0x03ff, 0x7bff, 0x7c00, 0xfc00, 0x7e00};
    int[] bf16 = {0x0000, 0x8000, 0x3f80, 0x0001, 0x007f, 0x7f7f, 0x7f80, 0xff80, 0x7fc0};
    Path file = tmp.resolve("half.safetensors");
    SafeTensorsWriter.write(
        file,
        List.of(
            new RawTensor("h", DType.F16, new long[] {3, 3}, shorts(f16)),
            new RawTensor("b", DType.BF16, new long[] {9}, shorts(bf16))),
        Map.of());
    Bootstrap.init(Bootstrap.Options.defaults());
    try (SafeTensorsFile f = SafeTensorsFile.open(file);
        NDManager m = NDManager.newBaseManager()) {
      float[] h = f.readFloats("h");
      float[] b = f.readFloats("b");
      for (int i = 0; i < f16.length; i++) {
        assertThat(Float.floatToRawIntBits(h[i]))
            .isEqualTo(Float.floatToRawIntBits(HalfFloats.f16ToFloat((short) f16[i])));
        assertThat(Float.floatToRawIntBits(b[i]))
            .isEqualTo(Float.floatToRawIntBits(HalfFloats.bf16ToFloat((short) bf16[i])));
      }
      assertThat(h).startsWith(0f, -0f, 1f, 0x1p-24f, 0x1.ff8p-15f, 65504f);
      assertThat(h[6]).isEqualTo(Float.POSITIVE_INFINITY);
      assertThat(h[7]).isEqualTo(Float.NEGATIVE_INFINITY);
      assertThat(h[8]).isNaN();
      assertThat(b).startsWith(0f, -0f, 1f, 0x1p-133f, 0x1.fcp-127f, 0x1.fep127f);
      assertThat(b[6]).isEqualTo(Float.POSITIVE_INFINITY);
      assertThat(b[7]).isEqualTo(Float.NEGATIVE_INFINITY);
      assertThat(b[8]).isNaN();
      assertThat(f.toNDArray("h", m).toFloatArray()).containsExactly(h);
      assertThat(f.toNDArray("b", m).toFloatArray()).containsExactly(b);
    }
  }

  static byte[] shorts(int[] v) {
    ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int x : v) {
      b.putShort((short) x);
    }
    return b.array();
  }
}
