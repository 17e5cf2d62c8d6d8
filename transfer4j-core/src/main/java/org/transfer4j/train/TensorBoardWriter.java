package org.transfer4j.train;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.transfer4j.io.AtomicFiles;

/**
 * Writes TensorBoard scalar summaries ({@code events.out.tfevents.<time>.<host>}) that {@code
 * tensorboard --logdir} reads. The file is a TFRecord stream: each record is {@code uint64 length,
 * uint32 masked-crc32c(length), data, uint32 masked-crc32c(data)}, little-endian; each data is a
 * serialized {@code tensorflow.Event}. The first event carries {@code file_version =
 * "brain.Event:2"}.
 *
 * <p>We encode the three tiny protobuf messages by hand (Event, Summary, Summary.Value: a double, a
 * varint, strings, a float) instead of depending on protobuf-java plus generated TensorFlow
 * classes: about forty lines against two large dependencies and a code generator in the build.
 *
 * <pre>{@code
 * try (TensorBoardWriter tb = TensorBoardWriter.create(dir)) {
 *   tb.scalar("train/loss", step, loss);
 * }
 * }</pre>
 */
public final class TensorBoardWriter implements Closeable {
  private final Path file;
  private final OutputStream out;

  private TensorBoardWriter(Path file) throws IOException {
    this.file = file;
    this.out = new BufferedOutputStream(Files.newOutputStream(file));
    writeRecord(event(System.currentTimeMillis() / 1000.0, 0, "brain.Event:2", null, 0f));
    out.flush();
  }

  /** Creates {@code dir} and a new event file in it. */
  public static TensorBoardWriter create(Path dir) throws IOException {
    Files.createDirectories(dir);
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    long seconds = System.currentTimeMillis() / 1000;
    Path file = dir.resolve("events.out.tfevents." + seconds + "." + host);
    for (int i = 1; Files.exists(file); i++) {
      file = dir.resolve("events.out.tfevents." + seconds + "." + host + "." + i);
    }
    return new TensorBoardWriter(file);
  }

  public Path file() {
    return file;
  }

  /** Appends one scalar; call {@link #flush} to make it visible. */
  public void scalar(String tag, long step, double value) throws IOException {
    writeRecord(event(System.currentTimeMillis() / 1000.0, step, null, tag, (float) value));
  }

  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /**
   * Drops the events after {@code step} from every event file in {@code dir} (rewritten
   * atomically): a resumed run logs those steps again, and TensorBoard would draw both.
   */
  public static void truncateAfter(Path dir, long step) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> files;
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList();
    }
    for (Path f : files) {
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      boolean dropped = false;
      for (byte[] record : records(f)) {
        if (scalar(record).step() <= step) {
          kept.write(record, 0, record.length);
        } else {
          dropped = true;
        }
      }
      if (dropped) {
        AtomicFiles.writeBytes(f, kept.toByteArray());
      }
    }
  }

  /** One event's step and scalar tag (null for the file-version event). */
  record Scalar(long step, String tag) {}

  /** The events of a file, as written by this class. */
  static List<Scalar> scalars(Path file) throws IOException {
    List<Scalar> out = new ArrayList<>();
    for (byte[] r : records(file)) {
      out.add(scalar(r));
    }
    return out;
  }

  /** The whole records (header, event, footer) of an event file; a torn last record is dropped. */
  private static List<byte[]> records(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> out = new ArrayList<>();
    while (b.remaining() >= 12) {
      int start = b.position();
      long length = b.getLong(start);
      if (length < 0 || length > b.remaining() - 16) {
        break;
      }
      byte[] record = new byte[(int) (16 + length)];
      b.get(record);
      out.add(record);
    }
    return out;
  }

  private static Scalar scalar(byte[] record) {
    ByteBuffer b = ByteBuffer.wrap(record, 12, record.length - 16).order(ByteOrder.LITTLE_ENDIAN);
    long step = 0;
    String tag = null;
    while (b.hasRemaining()) {
      int key = (int) varint(b);
      switch (key & 7) {
        case 0 -> {
          long v = varint(b);
          if (key >>> 3 == 2) {
            step = v;
          }
        }
        case 1 -> b.position(b.position() + 8);
        case 5 -> b.position(b.position() + 4);
        case 2 -> {
          int len = (int) varint(b);
          if (key >>> 3 == 5) {
            tag = summaryTag(ByteBuffer.wrap(record, b.position(), len));
          }
          b.position(b.position() + len);
        }
        default -> throw new IllegalStateException("unknown wire type in " + key);
      }
    }
    return new Scalar(step, tag);
  }

  // Summary.value (1) -> Value.tag (1): the nesting event() writes.
  private static String summaryTag(ByteBuffer b) {
    b.get(); // Summary.value key
    varint(b);
    b.get(); // Value.tag key
    int len = (int) varint(b);
    byte[] tag = new byte[len];
    b.get(tag);
    return new String(tag, StandardCharsets.UTF_8);
  }

  private static long varint(ByteBuffer b) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      byte x = b.get();
      v |= (long) (x & 0x7F) << shift;
      if (x >= 0) {
        return v;
      }
    }
  }

  /** The TFRecord CRC: CRC32C of the bytes, rotated right by 15 and offset. */
  public static int maskedCrc(byte[] data, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(data, off, len);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + 0xa282ead8;
  }

  private void writeRecord(byte[] data) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(data.length);
    header.putInt(maskedCrc(header.array(), 0, 8));
    out.write(header.array());
    out.write(data);
    ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    footer.putInt(maskedCrc(data, 0, data.length));
    out.write(footer.array());
  }

  // Event { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
  // Summary { repeated Value value = 1; }  Value { string tag = 1; float simple_value = 2; }
  static byte[] event(double wallTime, long step, String fileVersion, String tag, float value) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0x09); // field 1, fixed64
    writeFixed(b, Double.doubleToLongBits(wallTime), 8);
    b.write(0x10); // field 2, varint
    writeVarint(b, step);
    if (fileVersion != null) {
      writeBytes(b, 0x1a, fileVersion.getBytes(StandardCharsets.UTF_8)); // field 3
    }
    if (tag != null) {
      ByteArrayOutputStream v = new ByteArrayOutputStream();
      writeBytes(v, 0x0a, tag.getBytes(StandardCharsets.UTF_8)); // Value.tag
      v.write(0x15); // Value.simple_value, field 2, fixed32
      writeFixed(v, Float.floatToIntBits(value), 4);
      ByteArrayOutputStream summary = new ByteArrayOutputStream();
      writeBytes(summary, 0x0a, v.toByteArray()); // Summary.value
      writeBytes(b, 0x2a, summary.toByteArray()); // Event.summary, field 5
    }
    return b.toByteArray();
  }

  private static void writeBytes(ByteArrayOutputStream b, int key, byte[] bytes) {
    b.write(key);
    writeVarint(b, bytes.length);
    b.write(bytes, 0, bytes.length);
  }

  private static void writeVarint(ByteArrayOutputStream b, long v) {
    while ((v & ~0x7FL) != 0) {
      b.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    b.write((int) v);
  }

  private static void writeFixed(ByteArrayOutputStream b, long bits, int bytes) {
    for (int i = 0; i < bytes; i++) {
      b.write((int) (bits >>> (8 * i)) & 0xFF);
    }
  }
}
