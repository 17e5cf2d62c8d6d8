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
          || t instanceof AccessDeniedException;
    }

    static String describe(Throwable t) {
      if (t instanceof NoSuchFileException e) {
        return "no such file: " + e.getFile();
      }
      if (t instanceof AccessDeniedException e) {
        return "permission denied: " + e.getFile();
      }
      String m = t.getMessage();
      return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
  }
}
