package org.transfer4j.serve;

import org.transfer4j.BadInputException;

/**
 * One model to serve: the name requests use ({@code "model": NAME}) and where it comes from (a
 * folder or a built-in model name such as {@code all-MiniLM-L6-v2}).
 *
 * <pre>{@code
 * ModelSpec a = ModelSpec.parse("sentiment=out/sst2"); // name "sentiment"
 * ModelSpec b = ModelSpec.parse("out/ner");            // name "ner" (the folder's name)
 * }</pre>
 *
 * @param name the name in requests and in {@code GET /v1/models}
 * @param source a model folder or a built-in model name
 */
public record ModelSpec(String name, String source) {
  public ModelSpec {
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      throw new BadInputException(
          "--model "
              + name
              + "=...: a model name may hold only letters, digits, '.', '_' and '-'; give"
              + " NAME=DIR");
    }
    if (source == null || source.isBlank()) {
      throw new BadInputException("--model " + name + "=: no folder or model name after '='");
    }
  }

  /** {@code NAME=DIR} or {@code DIR|NAME} alone (named after the folder's last path element). */
  public static ModelSpec parse(String s) {
    int eq = s.indexOf('=');
    if (eq > 0 && !java.nio.file.Files.isDirectory(java.nio.file.Path.of(s))) {
      return new ModelSpec(s.substring(0, eq), s.substring(eq + 1));
    }
    String trimmed = s.replaceAll("[/\\\\]+$", "");
    int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
    return new ModelSpec(trimmed.substring(slash + 1), s);
  }
}
