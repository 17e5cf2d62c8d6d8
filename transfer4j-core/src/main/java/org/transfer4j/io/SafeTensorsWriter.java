package org.transfer4j.io;

import ai.djl.ndarray.NDArray;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes safetensors files as the format specifies: an 8-byte little-endian header length, a JSON
 * header padded with spaces so that the data section starts on an 8-byte boundary, an optional
 * {@code "__metadata__"} string map (written first, as the reference does), then the tensors'
 * little-endian bytes back to back, in the order given or, with {@link Order#REFERENCE}, in the
 * order the reference implementation uses (byte-identical to Python's {@code save_file}). The file
 * is written to a temporary file in the same folder and moved into place, so a reader never sees
 * half a file.
 *
 * <pre>{@code
 * Map<String, NDArray> weights = new LinkedHashMap<>();
 * weights.put("classifier.weight", w);
 * SafeTensorsWriter.write(dir.resolve("model.safetensors"), weights, Map.of("format", "pt"));
 * }</pre>
 */
public final class SafeTensorsWriter {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private SafeTensorsWriter() {}

  /** Where tensors go in the file. */
  public enum Order {
    /** As the caller lists them (map iteration order, list order). */
    GIVEN,
    /**
     * As the reference implementation writes them: by element size and type, largest first (I64,
     * F64, F32, I32, BF16, F16, I16, I8, U8, BOOL), then by name. Every tensor is then aligned to
     * its element size, and the bytes equal those of Python's {@code save_file}.
     */
    REFERENCE
  }

  /** The reference's dtype order (its Rust enum's declaration order, descending). */
  private static final List<DType> REFERENCE_DTYPES =
      List.of(
          DType.I64,
          DType.F64,
          DType.F32,
          DType.I32,
          DType.BF16,
          DType.F16,
          DType.I16,
          DType.I8,
          DType.U8,
          DType.BOOL);

  /**
   * Writes DJL arrays (in the map's iteration order; use a {@code LinkedHashMap} to choose it). The
   * dtype follows the array: FLOAT32 -> F32, FLOAT64 -> F64, FLOAT16 -> F16, INT64 -> I64, INT32 ->
   * I32, INT8 -> I8, UINT8 -> U8, BOOLEAN -> BOOL.
   */
  public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata)
      throws IOException {
    write(file, tensors, metadata, Order.GIVEN);
  }

  /** As {@link #write(Path, Map, Map)}, with the tensors in {@code order}. */
  public static void write(
      Path file, Map<String, NDArray> tensors, Map<String, String> metadata, Order order)
      throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
      NDArray a = e.getValue();
      DType dtype = DType.of(a.getDataType());
      entries.add(
          new Entry(
              e.getKey(),
              dtype,
              a.getShape().getShape(),
              () -> littleEndian(a.toByteBuffer(), dtype.byteSize())));
    }
    writeEntries(file, sorted(entries, order), metadata);
  }

  /** Writes plain Java tensors, in list order (no DJL needed). */
  public static void write(Path file, List<RawTensor> tensors, Map<String, String> metadata)
      throws IOException {
    write(file, tensors, metadata, Order.GIVEN);
  }

  /** As {@link #write(Path, List, Map)}, with the tensors in {@code order}. */
  public static void write(
      Path file, List<RawTensor> tensors, Map<String, String> metadata, Order order)
      throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (RawTensor t : tensors) {
      entries.add(new Entry(t.name(), t.dtype(), t.shape(), () -> ByteBuffer.wrap(t.data())));
    }
    writeEntries(file, sorted(entries, order), metadata);
  }

  private static List<Entry> sorted(List<Entry> entries, Order order) {
    if (order == Order.GIVEN) {
      return entries;
    }
    List<Entry> out = new ArrayList<>(entries);
    // Names compare by code point, which is the reference's UTF-8 byte order.
    out.sort(
        Comparator.comparingInt((Entry e) -> REFERENCE_DTYPES.indexOf(e.dtype()))
            .thenComparing(
                Entry::name,
                (a, b) -> Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray())));
    return out;
  }

  private interface Bytes {
    ByteBuffer get();
  }

  private record Entry(String name, DType dtype, long[] shape, Bytes bytes) {
    long byteLength() {
      long n = dtype.byteSize();
      for (long d : shape) {
        n = Math.multiplyExact(n, d);
      }
      return n;
    }
  }

  /** The spec-conformant header: JSON, padded with spaces to a multiple of 8 bytes. */
  static byte[] header(List<Entry> entries, Map<String, String> metadata) {
    JsonObject root = new JsonObject();
    if (metadata != null && !metadata.isEmpty()) {
      JsonObject md = new JsonObject();
      metadata.forEach(
          (k, v) -> {
            if (k == null || v == null) {
              throw new IllegalArgumentException("metadata keys and values must not be null");
            }
            md.addProperty(k, v);
          });
      root.add(SafeTensorsHeader.METADATA_KEY, md);
    }
    Set<String> names = new HashSet<>();
    long offset = 0;
    for (Entry e : entries) {
      if (e.name() == null
          || e.name().isEmpty()
          || e.name().equals(SafeTensorsHeader.METADATA_KEY)
          || !names.add(e.name())) {
        throw new IllegalArgumentException(
            "tensor names must be non-empty, unique and not "
                + SafeTensorsHeader.METADATA_KEY
                + ": "
                + e.name());
      }
      JsonObject t = new JsonObject();
      t.addProperty("dtype", e.dtype().name());
      JsonArray shape = new JsonArray();
      for (long d : e.shape()) {
        if (d < 0) {
          throw new IllegalArgumentException("tensor " + e.name() + " has a negative dimension");
        }
        shape.add(d);
      }
      t.add("shape", shape);
      JsonArray offsets = new JsonArray();
      offsets.add(offset);
      offset += e.byteLength();
      offsets.add(offset);
      t.add("data_offsets", offsets);
      root.add(e.name(), t);
    }
    byte[] json = GSON.toJson(root).getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    byte[] out = new byte[padded];
    System.arraycopy(json, 0, out, 0, json.length);
    for (int i = json.length; i < padded; i++) {
      out[i] = ' ';
    }
    return out;
  }

  private static void writeEntries(Path file, List<Entry> entries, Map<String, String> metadata)
      throws IOException {
    byte[] header = header(entries, metadata);
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        len.putLong(0, header.length);
        writeFully(ch, len);
        writeFully(ch, ByteBuffer.wrap(header));
        for (Entry e : entries) {
          ByteBuffer b = e.bytes().get();
          if (b.remaining() != e.byteLength()) {
            throw new IllegalStateException(
                "tensor "
                    + e.name()
                    + " produced "
                    + b.remaining()
                    + " bytes, expected "
                    + e.byteLength());
          }
          writeFully(ch, b);
        }
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  /** DJL hands out native-order bytes; safetensors is little-endian everywhere. */
  private static ByteBuffer littleEndian(ByteBuffer b, int elementSize) {
    b = b.duplicate();
    if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN || elementSize == 1) {
      return b;
    }
    ByteBuffer out = ByteBuffer.allocate(b.remaining());
    for (int i = b.position(); i < b.limit(); i += elementSize) {
      for (int j = elementSize - 1; j >= 0; j--) {
        out.put(b.get(i + j));
      }
    }
    return out.flip();
  }
}
