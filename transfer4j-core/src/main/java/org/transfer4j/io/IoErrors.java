package org.transfer4j.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file operation failed, in words for an {@code error:} line: Java's own messages are a bare
 * path ({@code AccessDeniedException: /x}) and {@code toString()} adds the class name, which means
 * nothing to a user.
 *
 * <pre>{@code
 * throw new BadInputException("--output " + out + " is not writable (" + IoErrors.reason(e) + ")");
 * }</pre>
 */
public final class IoErrors {
  private IoErrors() {}

  /** The reason, e.g. {@code permission denied: /data/run} or {@code /tmp/a is not a folder}. */
  public static String reason(IOException e) {
    if (e instanceof AccessDeniedException a) {
      return "permission denied: " + a.getFile();
    }
    if (e instanceof FileAlreadyExistsException f) {
      return f.getFile() + " exists and is not a folder";
    }
    if (e instanceof NotDirectoryException n) {
      return n.getFile() + " is not a folder";
    }
    if (e instanceof NoSuchFileException n) {
      return "no such file or folder: " + n.getFile();
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return (f.getFile() != null ? f.getFile() + ": " : "") + f.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : "input/output error";
  }
}
