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
 * validates only the header; the data section is mapped on the first read, in windows of 1 GiB (one
 * Java buffer cannot address more than 2 GiB, so bigger files get several mappings), and each read
 * copies one tensor out of the mapping. Reads are thread-safe.
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

  /** The longest Java array (elements) and the largest direct buffer (bytes) the JVM allows. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final Path path;
  private final FileChannel channel;
  private final long fileSize;
  private final long dataStart;
  private final int window;
  private final List<TensorInfo> tensors;
  private final Map<String, TensorInfo> byName;
  private final Map<String, String> metadata;
  private final long dataLength;
  private MappedByteBuffer[] mappings; // guarded by this
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
    this.dataLength = fileSize - dataStart;
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
    if (windowBytes <= 0 || windowBytes > DEFAULT_WINDOW) {
      throw new IllegalArgumentException("window must be in [1, 2^30]");
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
      readFully(ch, len, 0, where);
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
      readFully(ch, header, 8, where);
      SafeTensorsHeader h = SafeTensorsHeader.parse(where, header.array(), size - 8 - n);
      return new SafeTensorsFile(file, ch, size, 8 + n, windowBytes, h);
    } catch (IOException | RuntimeException | Error e) {
      ch.close();
      throw e;
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer dst, long position, String where)
      throws IOException {
    while (dst.hasRemaining()) {
      int r = ch.read(dst, position + dst.position());
      if (r < 0) {
        throw SafeTensorsHeader.bad(
            where, null, "the file ended while its header was read (it shrank while being opened)");
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
    // DJL copies through one direct buffer of FLOAT32 (4 bytes) or INT64 (8 bytes) elements
    checkArrayBytes(
        t, t.numel() > MAX_ARRAY ? t.numel() : t.numel() * (t.dtype().isFloating() ? 4 : 8));
    if (t.dtype() == DType.F32 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
      checkArrayBytes(t, t.byteLength());
      // One bulk copy from the mapping into a fresh direct buffer (no float[] detour). On the CPU
      // the NDArray keeps this buffer as its storage, so it must be ours and writable, never the
      // read-only mapping: optimizers update parameters in place.
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

  /**
   * Closes the file; later reads throw {@link IllegalStateException}. Arrays already read stay
   * valid. Java 17 cannot unmap explicitly, so the mapping itself goes when this object is garbage
   * collected.
   */
  @Override
  public void close() throws IOException {
    closed = true;
    channel.close();
  }

  private int arrayLength(TensorInfo t) {
    checkArrayBytes(t, t.numel());
    return (int) t.numel();
  }

  /** {@code size} is an array length or a buffer's bytes; both are limited to 2^31 - 9. */
  private void checkArrayBytes(TensorInfo t, long size) {
    if (size > MAX_ARRAY) {
      throw SafeTensorsHeader.bad(
          path.toString(),
          t.name(),
          "has "
              + t.numel()
              + " elements, too many for one Java array or buffer (2^31); split the tensor");
    }
  }

  /** Receives mapped bytes: {@code buf} holds whole elements, the first being {@code first}. */
  private interface WindowConsumer {
    void accept(ByteBuffer buf, int first);
  }

  /**
   * Mapping {@code k} of the data section: bytes {@code [k * window, (k + 1) * window + 8)}. The
   * 8-byte overlap means every element (at most 8 bytes) that starts in window {@code k} ends in
   * mapping {@code k}, whatever the tensor's alignment. Mappings are made once per file, on first
   * use (a 4 GiB model needs 4 of them), and are released when the file is garbage collected.
   */
  private synchronized ByteBuffer mapping(int k) throws IOException {
    if (mappings == null) {
      mappings = new MappedByteBuffer[(int) ((dataLength + window - 1) / window)];
    }
    if (mappings[k] == null) {
      long from = (long) k * window;
      long length = Math.min(dataLength - from, (long) window + 8);
      mappings[k] = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + from, length);
    }
    return mappings[k];
  }

  /** Hands the tensor's bytes to {@code consumer} as little-endian slices of the mappings. */
  private void forEachWindow(TensorInfo t, WindowConsumer consumer) {
    if (closed) {
      throw new IllegalStateException("safetensors file " + path + " is closed");
    }
    int size = t.dtype().byteSize();
    long pos = t.begin();
    long element = 0;
    try {
      if (channel.size() != fileSize) {
        throw SafeTensorsHeader.bad(
            path.toString(), t.name(), "the file changed size since it was opened; reopen it");
      }
      while (pos < t.end()) {
        int k = (int) (pos / window);
        long windowEnd = Math.min(t.end(), (long) (k + 1) * window);
        long count = (windowEnd - pos + size - 1) / size; // elements starting in this window
        int offset = (int) (pos - (long) k * window);
        ByteBuffer slice =
            mapping(k).slice(offset, (int) (count * size)).order(ByteOrder.LITTLE_ENDIAN);
        consumer.accept(slice, (int) element);
        pos += count * size;
        element += count;
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
