package org.transfer4j.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * Writes a file completely or not at all: the content goes to a temporary file in the target's
 * folder, which is then renamed over the target, so a reader never sees a half-written file and a
 * failed run leaves the old file (and no temporary file) behind.
 *
 * <pre>{@code
 * AtomicFiles.writeString(dir.resolve("report.json"), json);
 * AtomicFiles.write(dir.resolve("plot.png"), tmp -> ImageIO.write(image, "png", tmp.toFile()));
 * }</pre>
 */
public final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicFiles() {}

  /**
   * A new empty file {@code dir/prefix<random>suffix} created with the process umask (0644 by
   * default). {@link Files#createTempFile} would create it 0600, and since the temporary file is
   * renamed into place, every model and report would end up readable by its owner only.
   */
  public static Path createTempFile(Path dir, String prefix, String suffix) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path p = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + suffix);
      try {
        return Files.createFile(p);
      } catch (FileAlreadyExistsException e) {
        if (attempt > 100) {
          throw e;
        }
      }
    }
  }

  /** A new empty folder {@code dir/prefix<random>} with the process umask (0755 by default). */
  public static Path createTempDirectory(Path dir, String prefix) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path p = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36));
      try {
        return Files.createDirectory(p);
      } catch (FileAlreadyExistsException e) {
        if (attempt > 100) {
          throw e;
        }
      }
    }
  }

  /** Fills the temporary file that will become the target. */
  @FunctionalInterface
  public interface Body {
    void writeTo(Path tmp) throws IOException;
  }

  /**
   * Creates the target's folder, lets {@code body} write a temporary file beside the target, then
   * moves it into place; the temporary file is deleted when {@code body} or the move fails.
   */
  public static void write(Path target, Body body) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path tmp = createTempFile(dir, "." + absolute.getFileName(), ".tmp");
    try {
      body.writeTo(tmp);
      moveIntoPlace(tmp, absolute);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes text as UTF-8, atomically. */
  public static void writeString(Path target, String text) throws IOException {
    write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
  }

  /** Writes bytes, atomically. */
  public static void writeBytes(Path target, byte[] bytes) throws IOException {
    write(target, tmp -> Files.write(tmp, bytes));
  }

  /**
   * Renames a finished temporary file over the target: atomically, or (where the file system cannot
   * rename atomically) by a plain replacing move.
   */
  public static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
