package org.transfer4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplacingUtf8ReaderTest {
  /** The JDK's replacing decoder: the oracle for the decoded text. */
  private static String jdk(byte[] b) throws IOException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .decode(ByteBuffer.wrap(b))
        .toString();
  }

  private static String read(ReplacingUtf8Reader r, int chunk) throws IOException {
    StringWriter w = new StringWriter();
    char[] buf = new char[chunk];
    int n;
    while ((n = r.read(buf, 0, chunk)) >= 0) {
      w.write(buf, 0, n);
    }
    return w.toString();
  }

  private static byte[] hex(String s) {
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  @ParameterizedTest
  @CsvSource({
    // bytes (hex), replacements, first line
    "68690a, 0, 0", // hi\n: valid
    "636166e90a, 1, 1", // caf\xe9: Latin-1 e-acute
    "610a620ae9e90a, 2, 3", // two bad bytes on line 3
    "0a0ae282, 1, 3", // truncated 3-byte sequence at end of input
    "c0af0a, 2, 1", // overlong '/'
    "eda0800a, 1, 1", // surrogate half: one malformed sequence for the JDK too
    "f09f9880e9, 1, 1", // valid emoji then a bad byte
  })
  void replacedBytesWereSilent(String bytes, long replaced, long firstLine) throws IOException {
    byte[] b = hex(bytes);
    for (int chunk : new int[] {1, 2, 8192}) {
      try (var r = new ReplacingUtf8Reader(new ByteArrayInputStream(b))) {
        assertThat(read(r, chunk)).isEqualTo(jdk(b));
        assertThat(r.replaced()).isEqualTo(replaced);
        assertThat(r.firstLine()).isEqualTo(firstLine);
      }
    }
  }

  @Test
  void randomBytesDecodeAsTheJdkDoesAcrossBufferBoundaries() throws IOException {
    Random rnd = new Random(11);
    byte[] b = new byte[200_000];
    rnd.nextBytes(b);
    // One byte at a time from the stream, so sequences straddle every refill.
    InputStream slow =
        new ByteArrayInputStream(b) {
          @Override
          public synchronized int read(byte[] a, int off, int len) {
            return super.read(a, off, Math.min(len, 7));
          }
        };
    try (var r = new ReplacingUtf8Reader(slow)) {
      String s = read(r, 1000);
      assertThat(s).isEqualTo(jdk(b));
      assertThat(r.replaced()).isEqualTo(s.chars().filter(c -> c == 0xFFFD).count());
    }
  }

  @Test
  void warningNamesFileCountAndFirstLine() throws IOException {
    try (var r = new ReplacingUtf8Reader(new ByteArrayInputStream(hex("610ae9e90a62e90a")))) {
      read(r, 64);
      assertThat(r.warning("in.txt"))
          .startsWith(
              "warning: in.txt: 3 invalid UTF-8 sequences replaced with U+FFFD (first at line 2)");
    }
    try (var r = new ReplacingUtf8Reader(new ByteArrayInputStream(hex("6869")))) {
      read(r, 64);
      assertThat(r.warning("in.txt")).isNull();
    }
  }
}
