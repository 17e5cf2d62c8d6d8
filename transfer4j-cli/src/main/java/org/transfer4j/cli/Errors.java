package org.transfer4j.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.transfer4j.BadInputException;
import picocli.CommandLine;

/**
 * How the CLI reports failures: one line {@code error: ...} plus a hint, exit 2 for anything the
 * user can fix, exit 1 for internal failures; stack traces only with {@code --verbose}.
 */
final class Errors {
  static final int BAD_INPUT = 2;
  static final int FAILURE = 1;

  private Errors() {}

  /** Wrong options or arguments. */
  static final class UsageHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
      CommandLine cmd = ex.getCommandLine();
      PrintWriter err = cmd.getErr();
      err.println("error: " + ex.getMessage());
      err.println(
          "hint: run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options");
      return BAD_INPUT;
    }
  }

  /** Exceptions thrown by a verb. */
  static final class ExecutionHandler implements CommandLine.IExecutionExceptionHandler {
    private final boolean verbose;

    ExecutionHandler(boolean verbose) {
      this.verbose = verbose;
    }

    @Override
    public int handleExecutionException(
        Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
      PrintWriter err = cmd.getErr();
      Throwable cause = ex;
      if (cause instanceof UncheckedIOException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      int code = isUserError(cause) ? BAD_INPUT : FAILURE;
      err.println("error: " + describe(cause));
      if (verbose) {
        ex.printStackTrace(err);
      } else if (code == FAILURE) {
        err.println("hint: run again with --verbose for the stack trace");
      }
      return code;
    }

    static boolean isUserError(Throwable t) {
      return t instanceof BadInputException
          || t instanceof IllegalArgumentException
          || t instanceof NoSuchFileException
          || t instanceof AccessDeniedException
          || isOutOfMemory(t)
          || isDiskFull(t);
    }

    /**
     * Java's heap or libtorch's allocator ran out ({@code DefaultCPUAllocator: can't allocate}).
     */
    static boolean isOutOfMemory(Throwable t) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        if (c instanceof OutOfMemoryError
            || (c.getMessage() != null && c.getMessage().contains("can't allocate memory"))) {
          return true;
        }
      }
      return false;
    }

    /** A write failed because the file system is full ({@code ENOSPC}). */
    static boolean isDiskFull(Throwable t) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        if (c.getMessage() != null && c.getMessage().contains("No space left on device")) {
          return true;
        }
      }
      return false;
    }

    static String describe(Throwable t) {
      if (isOutOfMemory(t)) {
        String detail = t.getMessage() == null ? "" : t.getMessage();
        int at = detail.indexOf("you tried to allocate");
        String size =
            at >= 0 ? " (" + detail.substring(at).replaceAll("\\.\\s.*$", "").strip() + ")" : "";
        return "out of memory"
            + size
            + "; lower --batch-size or --max-length, or give Java more heap with"
            + " TRANSFER4J_JAVA_OPTS=-Xmx16g";
      }
      if (isDiskFull(t)) {
        String file = null;
        for (Throwable c = t; c != null && file == null; c = c.getCause()) {
          if (c instanceof java.nio.file.FileSystemException f) {
            file = f.getFile();
          }
        }
        return "the disk is full"
            + (file != null ? " while writing " + file : "")
            + "; free space or choose an --output on another disk";
      }
      if (t instanceof NoSuchFileException e) {
        return "no such file: " + e.getFile();
      }
      if (t instanceof AccessDeniedException e) {
        return "permission denied: " + e.getFile();
      }
      String m = t.getMessage();
      return m == null || m.isBlank()
          ? "internal failure (" + t.getClass().getSimpleName() + ")"
          : m;
    }
  }
}
