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
import java.util.zip.CRC32C;

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
