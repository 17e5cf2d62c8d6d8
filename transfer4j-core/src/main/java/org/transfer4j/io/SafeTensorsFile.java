package org.transfer4j.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.transfer4j.BadInputException;

/**
 * A safetensors file (Hugging Face's format: an 8-byte little-endian header length, a JSON header,
 * then the raw little-endian tensor bytes), memory-mapped and read lazily: opening reads and
 * validates only the header; each read maps just the bytes of the tensor it asks for, in windows of
 * at most 1 GiB, so files over 2 GiB work although one Java buffer cannot address them.
 *
 * <p>A corrupt or hostile file is reported as a {@link BadInputException} naming the file and the
 * tensor, before any data is touched (see {@link SafeTensorsHeader} for the checks).
 *
 * <pre>{@code
 * try (SafeTensorsFile f = SafeTensorsFile.open(Path.of("model.safetensors"))) {
 *   for (TensorInfo t : f.tensors()) System.out.println(t);
 *   float[] w = f.readFloats("bert.embeddings.word_embeddings.weight");
 *   NDArray ids = f.toNDArray("input_ids", manager);   // INT64
 * }
 * }</pre>
 */
public final class SafeTensorsFile implements AutoCloseable {
  private static final int DEFAULT_WINDOW = 1 << 30;

  /** The largest tensor read into one Java array or one NDArray buffer. */
  private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private final Path path;
  private final FileChannel channel;
  private final long fileSize;
  private final long dataStart;
  private final int window;
  private final List<TensorInfo> tensors;
  private final Map<String, TensorInfo> byName;
  private final Map<String, String> metadata;
  private volatile boolean closed;

  private SafeTensorsFile(
      Path path,
      FileChannel channel,
      long fileSize,
      long dataStart,
      int window,
      SafeTensorsHeader h) {
    this.path = path;
    this.channel = channel;
    this.fileSize = fileSize;
    this.dataStart = dataStart;
    this.window = window;
    this.tensors = h.tensors;
    this.metadata = h.metadata;
    Map<String, TensorInfo> m = new LinkedHashMap<>();
    for (TensorInfo t : tensors) {
      m.put(t.name(), t);
    }
    this.byName = m;
  }

  /**
   * Opens and validates a safetensors file; the tensors stay on disk until read.
   *
   * @throws BadInputException when the file is missing, truncated, or its header is invalid
   */
  public static SafeTensorsFile open(Path file) throws IOException {
    return open(file, DEFAULT_WINDOW);
  }

  /** As {@link #open(Path)} with a smaller mapping window (tests exercise the > 2 GiB path). */
  static SafeTensorsFile open(Path file, int windowBytes) throws IOException {
    if (windowBytes <= 0 || windowBytes % 8 != 0) {
      throw new IllegalArgumentException("window must be a positive multiple of 8");
    }
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(
          "safetensors file "
              + file
              + (Files.exists(file) ? " is not a regular file" : " does not exist"));
    }
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      long size = ch.size();
      String where = file.toString();
      if (size < 8) {
        throw SafeTensorsHeader.bad(
            where,
            null,
            "the file has "
                + size
                + " bytes, fewer than the 8-byte header length: truncated or not safetensors");
      }
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, len, 0);
      long n = len.getLong(0); // a u64 on disk: negative here means >= 2^63
      if (n < 0 || n > SafeTensorsHeader.MAX_HEADER_BYTES) {
        throw SafeTensorsHeader.bad(
            where,
            null,
            "the header length "
                + Long.toUnsignedString(n)
                + " exceeds the "
                + SafeTensorsHeader.MAX_HEADER_BYTES
                + "-byte limit: corrupt or not a safetensors file");
      }
      if (n > size - 8) {
        throw SafeTensorsHeader.bad(
            where,
            null,
            "the header length "
                + n
                + " is larger than the rest of the file ("
                + (size - 8)
                + " bytes): truncated or not a safetensors file");
      }
      ByteBuffer header = ByteBuffer.allocate((int) n);
      readFully(ch, header, 8);
      SafeTensorsHeader h = SafeTensorsHeader.parse(where, header.array(), size - 8 - n);
      return new SafeTensorsFile(file, ch, size, 8 + n, windowBytes, h);
    } catch (IOException | RuntimeException | Error e) {
      ch.close();
      throw e;
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
    while (dst.hasRemaining()) {
      int r = ch.read(dst, position + dst.position());
      if (r < 0) {
        throw new BadInputException("unexpected end of file while reading a safetensors header");
      }
    }
  }

  /** The file this reads. */
  public Path path() {
    return path;
  }

  /** The tensors in header order. */
  public List<TensorInfo> tensors() {
    return tensors;
  }

  /** The tensor called {@code name}, if the file has one. */
  public Optional<TensorInfo> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Whether the file has a tensor called {@code name}. */
  public boolean has(String name) {
    return byName.containsKey(name);
  }

  /** The tensor called {@code name}; a {@link BadInputException} naming the file if absent. */
  public TensorInfo info(String name) {
    TensorInfo t = byName.get(name);
    if (t == null) {
      throw SafeTensorsHeader.bad(
          path.toString(), name, "no such tensor (the file has " + tensors.size() + " tensors)");
    }
    return t;
  }

  /** The {@code "__metadata__"} string map (empty when the header has none). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Absolute file offset of the data section (8 + header length). */
  public long dataStart() {
    return dataStart;
  }

  /**
   * Reads a floating-point tensor (F32, F16, BF16 or F64) as floats in row-major order. F16 and
   * BF16 are widened exactly ({@link HalfFloats}); F64 is rounded to the nearest float.
   */
  public float[] readFloats(String name) {
    TensorInfo t = info(name);
    if (!t.dtype().isFloating()) {
      throw SafeTensorsHeader.bad(
          path.toString(),
          name,
          "has dtype " + t.dtype() + " but a floating-point tensor is needed");
    }
    float[] out = new float[arrayLength(t)];
    forEachWindow(
        t,
        (buf, first) -> {
          int n = buf.remaining() / t.dtype().byteSize();
          switch (t.dtype()) {
            case F32:
              buf.asFloatBuffer().get(out, first, n);
              break;
            case F16:
              for (int i = 0; i < n; i++) {
                out[first + i] = HalfFloats.f16ToFloat(buf.getShort(buf.position() + 2 * i));
              }
              break;
            case BF16:
              for (int i = 0; i < n; i++) {
                out[first + i] = HalfFloats.bf16ToFloat(buf.getShort(buf.position() + 2 * i));
              }
              break;
            case F64:
              for (int i = 0; i < n; i++) {
                out[first + i] = (float) buf.getDouble(buf.position() + 8 * i);
              }
              break;
            default:
              throw new AssertionError(t.dtype());
          }
        });
    return out;
  }

  /**
   * Reads an integer or boolean tensor (I64, I32, I16, I8, U8, BOOL) as longs; U8 is unsigned and
   * BOOL is 0 or 1 (any non-zero byte is true).
   */
  public long[] readLongs(String name) {
    TensorInfo t = info(name);
    if (t.dtype().isFloating()) {
      throw SafeTensorsHeader.bad(
          path.toString(), name, "has dtype " + t.dtype() + " but an integer tensor is needed");
    }
    long[] out = new long[arrayLength(t)];
    forEachWindow(
        t,
        (buf, first) -> {
          int n = buf.remaining() / t.dtype().byteSize();
          int p = buf.position();
          switch (t.dtype()) {
            case I64:
              buf.asLongBuffer().get(out, first, n);
              break;
            case I32:
              for (int i = 0; i < n; i++) {
                out[first + i] = buf.getInt(p + 4 * i);
              }
              break;
            case I16:
              for (int i = 0; i < n; i++) {
                out[first + i] = buf.getShort(p + 2 * i);
              }
              break;
            case I8:
              for (int i = 0; i < n; i++) {
                out[first + i] = buf.get(p + i);
              }
              break;
            case U8:
              for (int i = 0; i < n; i++) {
                out[first + i] = buf.get(p + i) & 0xff;
              }
              break;
            case BOOL:
              for (int i = 0; i < n; i++) {
                out[first + i] = buf.get(p + i) != 0 ? 1 : 0;
              }
              break;
            default:
              throw new AssertionError(t.dtype());
          }
        });
    return out;
  }

  /** The tensor's raw little-endian bytes, exactly as stored. */
  public byte[] readBytes(String name) {
    TensorInfo t = info(name);
    checkArrayBytes(t, t.byteLength());
    byte[] out = new byte[(int) t.byteLength()];
    forEachWindow(t, (buf, first) -> buf.get(out, first * t.dtype().byteSize(), buf.remaining()));
    return out;
  }

  /**
   * The tensor as an NDArray in {@code manager}: floating types become FLOAT32 (F16/BF16 widened in
   * Java, since DJL aborts on BF16), integer and boolean types become INT64. The array owns a copy;
   * nothing points into the mapped file.
   */
  public NDArray toNDArray(String name, NDManager manager) {
    TensorInfo t = info(name);
    if (t.dtype() == DType.F32 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
      checkArrayBytes(t, t.byteLength());
      // One bulk copy from the mapping into a fresh direct buffer: no float[] detour.
      ByteBuffer direct =
          ByteBuffer.allocateDirect((int) t.byteLength()).order(ByteOrder.nativeOrder());
      forEachWindow(t, (buf, first) -> direct.put(buf));
      direct.flip();
      return manager.create(direct, t.djlShape(), DataType.FLOAT32);
    }
    if (t.dtype().isFloating()) {
      return manager.create(readFloats(name), t.djlShape());
    }
    return manager.create(readLongs(name), t.djlShape());
  }

  @Override
  public void close() throws IOException {
    closed = true;
    channel.close();
  }

  private int arrayLength(TensorInfo t) {
    long numel = t.numel();
    checkArrayBytes(t, numel * Math.max(4, t.dtype().byteSize()));
    return (int) numel;
  }

  private void checkArrayBytes(TensorInfo t, long bytes) {
    if (bytes > MAX_ARRAY_BYTES) {
      throw SafeTensorsHeader.bad(
          path.toString(),
          t.name(),
          "has " + t.numel() + " elements, too many for one Java array (2 GiB); split the tensor");
    }
  }

  /**
   * Receives one mapped window: {@code buf} holds whole elements, the first being {@code first}.
   */
  private interface WindowConsumer {
    void accept(ByteBuffer buf, int first);
  }

  /**
   * Maps the tensor's bytes window by window (little-endian), each window a multiple of the element
   * size so that no element straddles two windows.
   */
  private void forEachWindow(TensorInfo t, WindowConsumer consumer) {
    if (closed) {
      throw new IllegalStateException("safetensors file " + path + " is closed");
    }
    int elementSize = t.dtype().byteSize();
    long start = dataStart + t.begin();
    long remaining = t.byteLength();
    long element = 0;
    try {
      if (channel.size() != fileSize) {
        throw SafeTensorsHeader.bad(
            path.toString(), t.name(), "the file changed size since it was opened; reopen it");
      }
      while (remaining > 0) {
        long chunk = Math.min(remaining, (long) window - window % elementSize);
        MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, start, chunk);
        map.order(ByteOrder.LITTLE_ENDIAN);
        consumer.accept(map, (int) element);
        start += chunk;
        remaining -= chunk;
        element += chunk / elementSize;
      }
    } catch (IOException e) {
      throw new BadInputException(
          "safetensors file "
              + path
              + ", tensor "
              + SafeTensorsHeader.quote(t.name())
              + ": cannot read: "
              + e.getMessage(),
          e);
    } catch (InternalError e) {
      // HotSpot turns SIGBUS on a mapping (the file was truncated under us) into InternalError.
      throw new BadInputException(
          "safetensors file "
              + path
              + ", tensor "
              + SafeTensorsHeader.quote(t.name())
              + ": the file was truncated or changed while being read; reopen it",
          e);
    }
  }

  @Override
  public String toString() {
    return "SafeTensorsFile[" + path + ", " + tensors.size() + " tensors]";
  }
}
