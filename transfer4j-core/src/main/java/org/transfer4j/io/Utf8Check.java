package org.transfer4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.transfer4j.BadInputException;

/**
 * Refuses a file that is not valid UTF-8, naming the line and byte, before a reader parses it.
 * Java's readers either throw {@code MalformedInputException: Input length = 1} (no file, no line)
 * or, with replacement, silently turn the bytes into U+FFFD; training and scoring data is refused
 * instead, since a Latin-1 file would otherwise train on damaged words. One streaming pass, 64 KB
 * at a time.
 *
 * <pre>{@code
 * Utf8Check.requireValid(Path.of("train.csv")); // error: train.csv:17: not valid UTF-8 ...
 * }</pre>
 */
public final class Utf8Check {
  private Utf8Check() {}

  /** Throws {@link BadInputException} naming the first invalid line; a no-op for valid files. */
  public static void requireValid(Path file) throws IOException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.allocate(1 << 16);
    CharBuffer out = CharBuffer.allocate(1 << 16);
    long line = 1;
    try (InputStream s = Files.newInputStream(file)) {
      boolean eof = false;
      while (!eof) {
        int n = s.read(in.array(), in.position(), in.remaining());
        eof = n < 0;
        if (n > 0) {
          in.position(in.position() + n);
        }
        in.flip();
        int start = in.position();
        CoderResult r = decoder.decode(in, out, eof);
        line += newlines(in, start, in.position());
        if (r.isError()) {
          throw new BadInputException(
              String.format(
                  Locale.ROOT,
                  "%s:%d: not valid UTF-8 (byte 0x%02x); convert the file to UTF-8, e.g. iconv -f"
                      + " latin1 -t utf-8",
                  file,
                  line,
                  in.get(in.position()) & 0xff));
        }
        out.clear();
        in.compact();
      }
    }
  }

  private static long newlines(ByteBuffer b, int from, int to) {
    long n = 0;
    for (int i = from; i < to; i++) {
      if (b.get(i) == '\n') {
        n++;
      }
    }
    return n;
  }
}
