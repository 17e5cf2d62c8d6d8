package org.transfer4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.transfer4j.BadInputException;

/**
 * Refuses an output that would overwrite what the command reads: {@code forward --output
 * model/model.safetensors}, {@code score --output} naming the gold file, {@code evaluate -o} naming
 * the model folder. Paths are compared after resolving links, so {@code ./m} and {@code m/} match.
 *
 * <pre>{@code
 * OutputChecks.notAnInput("--output", output, "--inputs", inputs, "--model", model);
 * }</pre>
 */
final class OutputChecks {
  private OutputChecks() {}

  /**
   * Fails when {@code output} is one of the inputs, or an existing file inside an input folder.
   *
   * @param flagsAndPaths alternately an input's flag and its path ({@link Path} or {@link String};
   *     null and nonexistent paths are skipped)
   */
  static void notAnInput(String outputFlag, Path output, Object... flagsAndPaths) {
    if (output == null) {
      return;
    }
    Path out = real(output);
    for (int i = 0; i + 1 < flagsAndPaths.length; i += 2) {
      String flag = (String) flagsAndPaths[i];
      Object value = flagsAndPaths[i + 1];
      // A --model may be a Path or the String given on the command line (a folder or a name).
      Path input = value instanceof Path p ? p : value == null ? null : Path.of(value.toString());
      if (input == null || !Files.exists(input)) {
        continue;
      }
      Path in = real(input);
      boolean same = out.equals(in);
      boolean insideFolder =
          Files.isDirectory(in) && out.startsWith(in) && Files.isRegularFile(out);
      if (same || insideFolder) {
        throw new BadInputException(
            outputFlag
                + " "
                + output
                + (same ? " is the " : " is a file of the ")
                + flag
                + " "
                + input
                + " this command reads; writing it would destroy the input: choose another "
                + outputFlag);
      }
    }
  }

  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      Path abs = p.toAbsolutePath().normalize();
      Path parent = abs.getParent();
      return parent == null ? abs : real(parent).resolve(abs.getFileName());
    }
  }
}
