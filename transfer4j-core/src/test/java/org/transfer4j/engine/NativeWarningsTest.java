package org.transfer4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * libtorch writes its warnings to the process's file descriptor 2, which no in-process capture
 * sees, so this runs a child JVM doing what every command does (start the engine, load weights with
 * {@code NDArray.set}) and reads the child's real stderr.
 */
class NativeWarningsTest {
  /** The child: start the engine as the CLI does, then set an array's values. */
  public static void main(String[] args) {
    Bootstrap.configureLogging(false);
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    try (NDManager m = NDManager.newBaseManager()) {
      m.zeros(new Shape(3)).set(new float[] {1f, 2f, 3f});
    }
    System.err.println("child done");
  }

  @Test
  void pytorchDeprecationAndCudaWarningsReachedTheTerminal()
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Dai.djl.offline=true",
                    "-cp",
                    System.getProperty("java.class.path"),
                    NativeWarningsTest.class.getName()))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("child done");
    assertThat(out).doesNotContain("AutoNonVariableTypeMode").doesNotContain("CudaUtils");
    // The silencing must not swallow stderr for good: Java and native output still arrive.
    assertThat(p.exitValue()).isZero();
  }
}
