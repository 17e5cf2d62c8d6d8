package org.transfer4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.transfer4j.BadInputException;

/**
 * Opens a text input (file or stdin for {@code -}) as UTF-8, replacing malformed bytes with U+FFFD:
 * the documented policy for text to tokenize (vocabulary files are strict instead).
 */
final class TextInput {
  private TextInput() {}

  static BufferedReader open(Path path, InputStream stdin) throws IOException {
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
    var dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    return new BufferedReader(new InputStreamReader(in, dec), 1 << 16);
  }

  static String name(Path path) {
    return path == null || path.toString().equals("-") ? "stdin" : path.toString();
  }
}
