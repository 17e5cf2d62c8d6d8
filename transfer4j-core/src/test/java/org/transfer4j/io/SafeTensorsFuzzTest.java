package org.transfer4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;
import org.transfer4j.testing.SharedData;

/**
 * Seeded random corruption of real files: bit flips, byte overwrites, digit edits in the header,
 * truncations and appended bytes. Every mutant must either load or fail with a {@link
 * BadInputException}: never another exception, a hang or a JVM crash.
 *
 * <p>What "never load wrong data silently" means and how it is checked:
 *
 * <ul>
 *   <li>Truncated or extended files must always fail: the header's byte ranges must tile the data
 *       section exactly, so a data section of a different length cannot pass.
 *   <li>A mutation confined to the data section leaves the header intact, so the file must load
 *       with the original tensor list, every tensor's bytes must be the mutated file's bytes at the
 *       original offsets, and the decoded values must differ from the original ones exactly at the
 *       elements whose bytes were changed (and equal an independent decoding of the mutated bytes
 *       there). The format has no checksum, so a data-only change cannot be detected; it can only
 *       be reported faithfully, which is what this asserts.
 *   <li>A mutation that touches the header bytes may still yield a valid header (say, a digit of a
 *       metadata string, or a name); then every tensor must lie inside the file, the ranges must
 *       tile the data section, and the values must be the independent decoding of the mutated bytes
 *       at the (new) offsets: the reader never invents or over-reads data.
 * </ul>
 */
class SafeTensorsFuzzTest {
  private static final long SEED = 20261122L;
  private static final int GENERATED_TRIALS = 1500;
  private static final int TRIALS_PER_GOLDEN_FILE = 120;

  @TempDir Path tmp;

  private record Source(
      String label,
      byte[] bytes,
      List<TensorInfo> tensors,
      long dataStart,
      Map<String, float[]> floats,
      int trials) {}

  private Source source(String label, Path file, int trials) throws IOException {
    try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
      Map<String, float[]> floats = new java.util.HashMap<>();
      for (TensorInfo t : f.tensors()) {
        if (t.dtype().isFloating()) {
          floats.put(t.name(), f.readFloats(t.name()));
        }
      }
      return new Source(
          label, Files.readAllBytes(file), f.tensors(), f.dataStart(), floats, trials);
    }
  }

  /** A file of every dtype, with scalars and an empty tensor; used whether or not shared exists. */
  private Path generated() throws IOException {
    SplittableRandom r = new SplittableRandom(SEED);
    List<RawTensor> ts = new ArrayList<>();
    ts.add(RawTensor.ofFloats("f32", new long[] {7, 5}, randomFloats(r, 35)));
    ts.add(new RawTensor("f16", DType.F16, new long[] {9}, randomBytes(r, 18)));
    ts.add(new RawTensor("bf16", DType.BF16, new long[] {3, 3}, randomBytes(r, 18)));
    ts.add(new RawTensor("f64", DType.F64, new long[] {4}, randomBytes(r, 32)));
    ts.add(RawTensor.ofLongs("i64", new long[] {2, 3}, new long[] {1, -2, 3, 1L << 40, 5, -6}));
    ts.add(new RawTensor("i32", DType.I32, new long[] {}, randomBytes(r, 4)));
    ts.add(new RawTensor("i16", DType.I16, new long[] {5}, randomBytes(r, 10)));
    ts.add(new RawTensor("i8", DType.I8, new long[] {6}, randomBytes(r, 6)));
    ts.add(new RawTensor("u8", DType.U8, new long[] {6}, randomBytes(r, 6)));
    ts.add(new RawTensor("bool", DType.BOOL, new long[] {4}, new byte[] {0, 1, 1, 0}));
    ts.add(RawTensor.ofFloats("empty", new long[] {0, 4}, new float[0]));
    Path p = tmp.resolve("generated.safetensors");
    SafeTensorsWriter.write(p, ts, Map.of("format", "pt", "note", "fuzz source 123"));
    return p;
  }

  @Test
  void randomCorruptionNeverCrashesHangsOrLoadsWrongData() throws IOException {
    List<Source> sources = new ArrayList<>();
    sources.add(source("generated", generated(), GENERATED_TRIALS));
    if (SharedData.has("golden")) {
      for (String d : GoldenSafeTensorsTest.folders().toList()) {
        for (String f : List.of("model", "inputs", "expected")) {
          String rel = "golden/" + d + "/" + f + ".safetensors";
          sources.add(source(rel, SharedData.require(rel), TRIALS_PER_GOLDEN_FILE));
        }
      }
    }
    int[] outcomes = new int[2]; // loaded, rejected
    SplittableRandom random = new SplittableRandom(SEED);
    Path target = tmp.resolve("mutant.safetensors");
    for (Source s : sources) {
      for (int trial = 0; trial < s.trials(); trial++) {
        SplittableRandom r = random.split();
        int t = trial;
        // no single mutant may take long: a parser loop or a retrying mapping would show here
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> runTrial(s, t, r, target, outcomes), s.label() + " " + t);
      }
    }
    // the mix must exercise both paths, or the oracle checks nothing
    assertThat(outcomes[0]).as("mutants that loaded").isGreaterThan(100);
    assertThat(outcomes[1]).as("mutants that were rejected").isGreaterThan(100);
  }

  private void runTrial(Source s, int trial, SplittableRandom r, Path target, int[] outcomes)
      throws IOException {
    byte[] m = s.bytes().clone();
    boolean[] changed = new boolean[m.length];
    String what;
    boolean mustFail = false;
    int kind = r.nextInt(10);
    if (kind < 4) { // flip 1-4 bits anywhere, half the time inside the header
      int flips = 1 + r.nextInt(4);
      int bound = r.nextBoolean() ? (int) s.dataStart() : m.length;
      for (int i = 0; i < flips; i++) {
        int pos = r.nextInt(bound);
        m[pos] ^= (byte) (1 << r.nextInt(8));
      }
      what = flips + " bit flips below " + bound;
    } else if (kind < 6) { // overwrite a byte in the data section
      int pos = (int) s.dataStart() + r.nextInt(Math.max(1, m.length - (int) s.dataStart()));
      if (pos < m.length) {
        m[pos] = (byte) r.nextInt(256);
      }
      what = "byte overwrite at " + pos;
    } else if (kind < 8) { // change one digit of the header (shapes, offsets, lengths)
      List<Integer> digits = new ArrayList<>();
      for (int i = 8; i < s.dataStart(); i++) {
        if (m[i] >= '0' && m[i] <= '9') {
          digits.add(i);
        }
      }
      int pos = digits.get(r.nextInt(digits.size()));
      m[pos] = (byte) ('0' + r.nextInt(10));
      what = "header digit at " + pos;
    } else if (kind == 8) { // truncate
      int len = r.nextInt(m.length);
      m = Arrays.copyOf(m, len);
      changed = new boolean[len];
      mustFail = true;
      what = "truncated to " + len;
    } else { // append
      int extra = 1 + r.nextInt(64);
      m = Arrays.copyOf(m, m.length + extra);
      changed = new boolean[m.length];
      mustFail = true;
      what = "appended " + extra + " bytes";
    }
    boolean headerTouched = false;
    int n = Math.min(m.length, s.bytes().length);
    for (int i = 0; i < n; i++) {
      changed[i] = m[i] != s.bytes()[i];
      headerTouched |= changed[i] && i < s.dataStart();
    }
    Files.write(target, m);
    String where = s.label() + " trial " + trial + " (" + what + ", seed " + SEED + ")";
    // A quarter of the trials use small mapping windows (odd sizes, so elements fall across
    // window borders); tiny ones only on small files, as each window is one mapping.
    int window =
        r.nextInt(4) != 0 ? 1 << 30 : m.length < 4096 ? 1 + r.nextInt(64) : 1001 + r.nextInt(8192);
    try (SafeTensorsFile f = SafeTensorsFile.open(target, window)) {
      if (mustFail) {
        fail(where + ": a file of the wrong length loaded");
      }
      if (!headerTouched) {
        assertThat(f.tensors()).as(where).isEqualTo(s.tensors());
      }
      checkLoaded(f, m, s, changed, headerTouched, where);
      outcomes[0]++;
    } catch (BadInputException e) {
      if (!mustFail && !headerTouched) {
        fail(where + ": a data-only change was rejected: " + e.getMessage());
      }
      assertThat(e.getMessage()).as(where).startsWith("safetensors file " + target);
      assertThat(e.getMessage()).as(where).doesNotContain("\n");
      outcomes[1]++;
    } catch (AssertionError e) {
      throw e;
    } catch (RuntimeException | Error | IOException e) {
      throw new AssertionError(where + ": unexpected " + e, e);
    }
  }

  private static void checkLoaded(
      SafeTensorsFile f,
      byte[] m,
      Source s,
      boolean[] changed,
      boolean headerTouched,
      String where) {
    long covered = 0;
    for (TensorInfo t : f.tensors()) {
      long start = f.dataStart() + t.begin();
      if (f.dataStart() + t.end() > m.length) {
        fail(where + " " + t.name() + " reaches past the file");
      }
      covered += t.byteLength();
      byte[] bytes = f.readBytes(t.name());
      if (!Arrays.equals(
          bytes, Arrays.copyOfRange(m, (int) start, (int) (f.dataStart() + t.end())))) {
        fail(where + " " + t.name() + ": bytes differ from the file's");
      }
      int size = t.dtype().byteSize();
      ByteBuffer le = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
      if (t.dtype().isFloating()) {
        float[] v = f.readFloats(t.name());
        float[] before = headerTouched ? null : s.floats().get(t.name());
        for (int i = 0; i < v.length; i++) {
          float expected = decodeFloat(t.dtype(), le, (int) start + i * size);
          assertSameFloat(v[i], expected, where, t.name(), i);
          if (before != null && !touched(changed, start + (long) i * size, size)) {
            assertSameFloat(v[i], before[i], where + " unchanged", t.name(), i);
          }
        }
      } else {
        long[] v = f.readLongs(t.name());
        for (int i = 0; i < v.length; i++) {
          long expected = decodeLong(t.dtype(), le, (int) start + i * size);
          if (v[i] != expected) {
            fail(where + " " + t.name() + "[" + i + "]: " + v[i] + " != " + expected);
          }
        }
      }
    }
    assertThat(f.dataStart() + covered).as(where + ": tensors tile the data").isEqualTo(m.length);
  }

  private static boolean touched(boolean[] changed, long from, int len) {
    for (int i = 0; i < len; i++) {
      if (changed[(int) from + i]) {
        return true;
      }
    }
    return false;
  }

  /** Independent little-endian decoding: absolute reads on the whole mutated file. */
  static float decodeFloat(DType t, ByteBuffer le, int at) {
    switch (t) {
      case F32:
        return le.getFloat(at);
      case F64:
        return (float) le.getDouble(at);
      case F16:
        return HalfFloats.f16ToFloat(le.getShort(at));
      case BF16:
        return Float.intBitsToFloat((le.getShort(at) & 0xffff) << 16);
      default:
        throw new AssertionError(t);
    }
  }

  static long decodeLong(DType t, ByteBuffer le, int at) {
    switch (t) {
      case I64:
        return le.getLong(at);
      case I32:
        return le.getInt(at);
      case I16:
        return le.getShort(at);
      case I8:
        return le.get(at);
      case U8:
        return Byte.toUnsignedLong(le.get(at));
      case BOOL:
        return le.get(at) != 0 ? 1 : 0;
      default:
        throw new AssertionError(t);
    }
  }

  /** Same value, NaN equal to NaN (a NaN payload may be canonicalised through a float). */
  private static void assertSameFloat(
      float actual, float expected, String where, String name, int i) {
    boolean same =
        Float.isNaN(expected)
            ? Float.isNaN(actual)
            : Float.floatToRawIntBits(actual) == Float.floatToRawIntBits(expected);
    if (!same) {
      fail(where + " " + name + "[" + i + "]: " + actual + " != " + expected);
    }
  }

  private static float[] randomFloats(SplittableRandom r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  private static byte[] randomBytes(SplittableRandom r, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }
}
