package org.transfer4j;

/**
 * Input a user can fix: a bad file, line, JSON path, option or value. The message names where the
 * problem is, what is wrong and how to fix it; the CLI prints it on one line and exits 2.
 *
 * <pre>{@code
 * throw new BadInputException("merges file " + path + " invalid at line " + n
 *     + ": expected two tokens separated by a space");
 * }</pre>
 */
public class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
