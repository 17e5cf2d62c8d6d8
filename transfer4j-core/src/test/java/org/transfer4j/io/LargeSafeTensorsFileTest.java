package org.transfer4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;

/**
 * Files over 2 GiB: one Java buffer cannot address them, so the reader maps the data section in
 * several windows. The file is sparse (the 2.5 GiB tensor is a hole), so it costs no disk or time.
 */
class LargeSafeTensorsFileTest {
  @TempDir Path tmp;

  @Test
  void tensorsPastTwoGibibytesAreReadFromLaterWindows() throws IOException {
    long big = 5L << 29; // 2.5 GiB of U8
    // "tail" is an unaligned F32 (odd offset) in the third 1 GiB window
    long tailBegin = big + 3;
    String header =
        "{\"big\":{\"dtype\":\"U8\",\"shape\":["
            + big
            + "],\"data_offsets\":[0,"
            + big
            + "]},\"pad\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":["
            + big
            + ","
            + tailBegin
            + "]},\"tail\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":["
            + tailBegin
            + ","
            + (tailBegin + 16)
            + "]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    int n = (h.length + 7) / 8 * 8;
    Path p = tmp.resolve("big.safetensors");
    try (FileChannel ch =
        FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer head = ByteBuffer.allocate(8 + n).order(ByteOrder.LITTLE_ENDIAN);
      head.putLong(n).put(h);
      while (head.hasRemaining()) {
        head.put((byte) ' ');
      }
      ch.write(head.flip(), 0);
      ByteBuffer tail = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
      tail.putFloat(1.5f).putFloat(-2f).putFloat(3.25f).putFloat(Float.MAX_VALUE);
      ch.write(tail.flip(), 8 + n + tailBegin);
    }
    try (SafeTensorsFile f = SafeTensorsFile.open(p)) {
      assertThat(f.info("big").byteLength()).isEqualTo(big);
      assertThat(f.readFloats("tail")).containsExactly(1.5f, -2f, 3.25f, Float.MAX_VALUE);
      assertThat(f.readLongs("pad")).containsExactly(0, 0, 0);
      assertThatThrownBy(() -> f.readLongs("big"))
          .isInstanceOf(BadInputException.class)
          .hasMessageContainingAll("'big'", "too many for one Java array");
      assertThatThrownBy(() -> f.readBytes("big"))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("'big'");
    }
  }
}
