package org.transfer4j.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reference fixtures in {@code ../shared} (golden checkpoints, real vocabularies, BANKING77).
 * Users who clone the project do not have them, so tests skip with a message when they are absent.
 *
 * <pre>{@code
 * Path vocab = SharedData.require("data/tokenizers/bert-base-uncased/vocab.txt");
 * }</pre>
 */
public final class SharedData {
  private SharedData() {}

  /** The shared folder: system property {@code transfer4j.shared}, else {@code ../shared}. */
  public static Path root() {
    String p = System.getProperty("transfer4j.shared");
    return p != null ? Path.of(p) : Path.of("..", "shared");
  }

  /** Whether a path under the shared folder exists. */
  public static boolean has(String relative) {
    return Files.exists(root().resolve(relative));
  }

  /** A path under the shared folder; skips the calling test when it is absent. */
  public static Path require(String relative) {
    Path p = root().resolve(relative).toAbsolutePath().normalize();
    assumeTrue(
        Files.exists(p),
        () ->
            "skipped: reference fixture " + p + " is absent (it ships only beside the repository)");
    return p;
  }
}
