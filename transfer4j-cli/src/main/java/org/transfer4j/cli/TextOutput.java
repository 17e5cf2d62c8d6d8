package org.transfer4j.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.transfer4j.io.AtomicFiles;

/**
 * Where a verb writes lines: the command's stdout, or a file written to a temp file beside it and
 * moved into place on {@link #commit} (nothing half written if the run fails).
 */
final class TextOutput implements AutoCloseable {
  private final Path file;
  private final Path tmp;
  private final Writer writer;
  private boolean committed;

  TextOutput(Path file, PrintWriter stdout) throws IOException {
    this.file = file;
    if (file == null || file.toString().equals("-")) {
      this.tmp = null;
      this.writer = stdout;
    } else {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      this.tmp =
          org.transfer4j.io.AtomicFiles.createTempFile(dir, "." + file.getFileName(), ".tmp");
      this.writer =
          new BufferedWriter(
              new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8), 1 << 16);
    }
  }

  void line(String s) throws IOException {
    writer.write(s);
    writer.write('\n');
  }

  void commit() throws IOException {
    writer.flush();
    if (tmp != null) {
      writer.close();
      AtomicFiles.moveIntoPlace(tmp, file);
    }
    committed = true;
  }

  @Override
  public void close() throws IOException {
    if (tmp != null && !committed) {
      writer.close();
      Files.deleteIfExists(tmp);
    }
  }
}
