package org.transfer4j.io;

/**
 * Conversions between 16-bit floats and {@code float}. Java 17 has no {@code Float.float16ToFloat}
 * (Java 20), and DJL aborts the JVM on BF16 tensors, so checkpoints stored in F16 or BF16 are
 * widened here, in Java, before they reach the engine.
 *
 * <p>F16 is IEEE 754 binary16 (1 sign, 5 exponent, 10 mantissa bits); BF16 is the top half of a
 * binary32 (1 sign, 8 exponent, 7 mantissa bits; Kalamkar et al., 2019). Widening is exact for
 * both, including subnormals, infinities, NaN payloads and {@code -0}.
 *
 * <pre>{@code
 * float one = HalfFloats.f16ToFloat((short) 0x3c00);   // 1.0f
 * short h = HalfFloats.floatToF16(1.0f);                // 0x3c00
 * }</pre>
 */
public final class HalfFloats {
  private HalfFloats() {}

  /** Widens an IEEE binary16 value (exact). */
  public static float f16ToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) { // infinity or NaN: keep the payload in the top mantissa bits
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      // zero or subnormal: mant * 2^-24, exact in binary32
      float magnitude = mant * 0x1p-24f;
      return sign != 0 ? -magnitude : magnitude;
    }
    // normal: rebias the exponent from 15 to 127
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** Widens a bfloat16 value (exact: it is the upper 16 bits of a binary32). */
  public static float bf16ToFloat(short bf16) {
    return Float.intBitsToFloat((bf16 & 0xffff) << 16);
  }

  /** Rounds a float to IEEE binary16, round-to-nearest-even; overflow gives infinity. */
  public static short floatToF16(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7fffff;
    if (exp == 0xff) { // infinity or NaN (NaN stays NaN: force a mantissa bit)
      return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign; // below half the smallest subnormal: rounds to zero
      }
      // subnormal: shift the mantissa with its implicit bit into place, rounding to nearest even
      int m = mant | 0x800000;
      int shift = 14 - e;
      int result = m >>> shift;
      int rest = m & ((1 << shift) - 1);
      int halfway = 1 << (shift - 1);
      if (rest > halfway || (rest == halfway && (result & 1) != 0)) {
        result++;
      }
      return (short) (sign | result);
    }
    int result = (e << 10) | (mant >>> 13);
    int rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (result & 1) != 0)) {
      result++; // may carry into the exponent, up to infinity: still correct
    }
    return (short) (sign | result);
  }

  /** Rounds a float to bfloat16, round-to-nearest-even; NaN stays NaN. */
  public static short floatToBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if ((bits & 0x7fffffff) > 0x7f800000) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int rounding = 0x7fff + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }
}
