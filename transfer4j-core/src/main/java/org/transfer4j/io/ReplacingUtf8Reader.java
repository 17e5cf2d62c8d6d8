package org.transfer4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 text the way the README promises for text to tokenize or predict on: each malformed
 * sequence becomes one U+FFFD, exactly as {@link CodingErrorAction#REPLACE} does, but the
 * replacements are counted, with the line of the first, so that commands can report them instead of
 * changing the user's text silently. The JDK's replacing decoder gives no count, hence this reader:
 * the decoder runs in REPORT mode and this class performs the replacement itself.
 *
 * <pre>{@code
 * try (var utf8 = new ReplacingUtf8Reader(Files.newInputStream(file));
 *     var in = new BufferedReader(utf8)) {
 *   in.lines().forEach(System.out::println);
 *   String w = utf8.warning(file.toString()); // null when the file was valid UTF-8
 * }
 * }</pre>
 */
public final class ReplacingUtf8Reader extends Reader {
  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip(); // read mode, empty
  private boolean eof;
  private int pending = -1; // the second char of a pair when read one char at a time
  private boolean finished;
  private long newlines;
  private long replaced;
  private long firstLine;

  public ReplacingUtf8Reader(InputStream in) {
    this.in = in;
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pending >= 0) {
      cbuf[off] = (char) pending;
      pending = -1;
      return 1;
    }
    if (len == 1) {
      // A supplementary character decodes to two chars: decode into two, keep the second.
      char[] two = new char[2];
      int n = read(two, 0, 2);
      if (n == 2) {
        pending = two[1];
      }
      if (n > 0) {
        cbuf[off] = two[0];
      }
      return n < 0 ? -1 : 1;
    }
    if (finished) {
      return -1;
    }
    CharBuffer out = CharBuffer.wrap(cbuf, off, len);
    int scanned = off;
    while (true) {
      CoderResult r = decoder.decode(bytes, out, eof);
      if (r.isError()) {
        if (!out.hasRemaining()) {
          break; // the replacement goes into the next call
        }
        newlines += countNewlines(cbuf, scanned, out.position());
        scanned = out.position();
        if (replaced++ == 0) {
          firstLine = newlines + 1;
        }
        bytes.position(bytes.position() + r.length());
        out.put('\uFFFD');
        continue;
      }
      if (r.isOverflow() || out.position() > off) {
        break;
      }
      if (eof) {
        decoder.flush(out);
        finished = true;
        break;
      }
      fill();
    }
    newlines += countNewlines(cbuf, scanned, out.position());
    int n = out.position() - off;
    return n == 0 && finished ? -1 : n;
  }

  private void fill() throws IOException {
    bytes.compact();
    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
    if (n < 0) {
      eof = true;
    } else {
      bytes.position(bytes.position() + n);
    }
    bytes.flip();
  }

  private static int countNewlines(char[] c, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (c[i] == '\n') {
        n++;
      }
    }
    return n;
  }

  /** Malformed sequences replaced with U+FFFD so far. */
  public long replaced() {
    return replaced;
  }

  /** The 1-based line of the first replacement, or 0 when there was none. */
  public long firstLine() {
    return firstLine;
  }

  /**
   * The warning line for the command's summary, e.g. {@code warning: in.txt: 3 invalid UTF-8
   * sequences replaced with U+FFFD (first at line 12)}, or null when nothing was replaced.
   */
  public String warning(String source) {
    if (replaced == 0) {
      return null;
    }
    return "warning: "
        + source
        + ": "
        + replaced
        + (replaced == 1 ? " invalid UTF-8 sequence" : " invalid UTF-8 sequences")
        + " replaced with U+FFFD (first at line "
        + firstLine
        + "); convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8) to keep those characters";
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
