package org.transfer4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.transfer4j.BadInputException;
import org.transfer4j.io.ReplacingUtf8Reader;

/**
 * Opens a text input (file or stdin for {@code -}) as UTF-8, replacing malformed bytes with U+FFFD:
 * the documented policy for text to tokenize (vocabulary files are strict instead). Commands call
 * {@link Lines#report} after reading so that replacements are reported, not silent.
 */
final class TextInput {
  private TextInput() {}

  static Lines open(Path path, InputStream stdin) throws IOException {
    InputStream in;
    if (path == null || path.toString().equals("-")) {
      in = stdin;
    } else {
      try {
        in = Files.newInputStream(path);
      } catch (NoSuchFileException e) {
        throw new BadInputException("input file " + path + " not found");
      }
    }
    return new Lines(new ReplacingUtf8Reader(in));
  }

  /** The lines of a text input, remembering how many malformed sequences were replaced. */
  static final class Lines extends BufferedReader {
    private final ReplacingUtf8Reader utf8;

    private Lines(ReplacingUtf8Reader utf8) {
      super(utf8, 1 << 16);
      this.utf8 = utf8;
    }

    /** Writes the replacement warning (if any) for the command's summary on {@code err}. */
    void report(PrintWriter err, String source) {
      String w = utf8.warning(source);
      if (w != null) {
        err.println(w);
        err.flush();
      }
    }
  }

  static String name(Path path) {
    return path == null || path.toString().equals("-") ? "stdin" : path.toString();
  }
}
