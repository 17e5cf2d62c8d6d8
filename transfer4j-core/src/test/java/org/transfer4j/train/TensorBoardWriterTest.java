package org.transfer4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads our event file back with an independent TFRecord + protobuf decoder. */
class TensorBoardWriterTest {
  record Scalar(long step, String tag, float value, String fileVersion) {}

  /** Splits a TFRecord file, checking both masked CRC32Cs of every record. */
  static List<byte[]> records(byte[] file) {
    ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> out = new ArrayList<>();
    while (in.hasRemaining()) {
      long len = in.getLong();
      int lenCrc = in.getInt();
      byte[] lenBytes = Arrays.copyOfRange(file, in.position() - 12, in.position() - 4);
      assertThat(lenCrc).isEqualTo(TensorBoardWriter.maskedCrc(lenBytes, 0, 8));
      byte[] data = new byte[(int) len];
      in.get(data);
      assertThat(in.getInt()).isEqualTo(TensorBoardWriter.maskedCrc(data, 0, data.length));
      out.add(data);
    }
    return out;
  }

  /**
   * Decodes Event{wall_time=1, step=2, file_version=3, summary=5{value=1{tag=1, simple_value=2}}}.
   */
  static Scalar decode(byte[] event) {
    ByteBuffer in = ByteBuffer.wrap(event).order(ByteOrder.LITTLE_ENDIAN);
    long step = 0;
    String tag = null;
    String version = null;
    float value = Float.NaN;
    while (in.hasRemaining()) {
      int key = (int) varint(in);
      switch (key) {
        case 0x09 -> assertThat(in.getDouble()).isGreaterThan(1.6e9); // wall time, seconds
        case 0x10 -> step = varint(in);
        case 0x1a -> version = string(in);
        case 0x2a -> {
          ByteBuffer summary = slice(in);
          assertThat(varint(summary)).isEqualTo(0x0a);
          ByteBuffer v = slice(summary);
          assertThat(varint(v)).isEqualTo(0x0a);
          tag = string(v);
          assertThat(varint(v)).isEqualTo(0x15);
          value = v.getFloat();
        }
        default -> throw new AssertionError("unexpected field key " + key);
      }
    }
    return new Scalar(step, tag, value, version);
  }

  static long varint(ByteBuffer in) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = in.get();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
  }

  static ByteBuffer slice(ByteBuffer in) {
    int len = (int) varint(in);
    ByteBuffer s = in.slice().order(ByteOrder.LITTLE_ENDIAN).limit(len);
    in.position(in.position() + len);
    return s;
  }

  static String string(ByteBuffer in) {
    ByteBuffer s = slice(in);
    byte[] b = new byte[s.remaining()];
    s.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  static List<Scalar> read(Path file) throws IOException {
    return records(Files.readAllBytes(file)).stream().map(TensorBoardWriterTest::decode).toList();
  }

  @Test
  void writesRecordsTensorBoardCanRead(@TempDir Path dir) throws IOException {
    Path file;
    try (TensorBoardWriter tb = TensorBoardWriter.create(dir)) {
      file = tb.file();
      tb.scalar("train/loss", 1, 0.75);
      tb.scalar("eval/accuracy", 300, 0.5);
      tb.scalar("train/learning_rate", 123_456_789L, 5e-5);
    }
    assertThat(file.getFileName().toString()).startsWith("events.out.tfevents.");
    List<Scalar> events = read(file);
    assertThat(events.get(0).fileVersion()).isEqualTo("brain.Event:2");
    assertThat(events.subList(1, 4))
        .containsExactly(
            new Scalar(1, "train/loss", 0.75f, null),
            new Scalar(300, "eval/accuracy", 0.5f, null),
            new Scalar(123_456_789L, "train/learning_rate", 5e-5f, null));
  }

  @Test
  void maskedCrcMatchesTheTfRecordDefinition() {
    // CRC32C("123456789") = 0xE3069283 (RFC 3720 check value); mask = rotr15 + 0xa282ead8
    byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
    int crc = 0xE3069283;
    int masked = ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    assertThat(TensorBoardWriter.maskedCrc(b, 0, b.length)).isEqualTo(masked);
  }
}
