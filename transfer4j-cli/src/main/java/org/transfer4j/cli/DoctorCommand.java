package org.transfer4j.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transfer4j.engine.Bootstrap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** Checks the installation: Java, engine, native library, devices, threads, and autograd. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description =
        "Check Java, the tensor engine and its native library, devices and threads; run a matmul with a backward pass.")
final class DoctorCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Engine engine = Bootstrap.init(engineOptions.toOptions());
    out.printf(
        Locale.ROOT,
        "java:          %s (%s)%n",
        System.getProperty("java.version"),
        System.getProperty("java.vendor"));
    out.printf(Locale.ROOT, "engine:        %s %s%n", engine.getEngineName(), engine.getVersion());
    out.printf(Locale.ROOT, "native lib:    %s%n", Bootstrap.nativeLibraryPath());
    out.printf(Locale.ROOT, "offline:       %s%n", System.getProperty("ai.djl.offline"));
    Device device = Bootstrap.device();
    out.printf(Locale.ROOT, "devices:       default %s, GPUs %d%n", device, engine.getGpuCount());
    out.printf(
        Locale.ROOT,
        "threads:       engine %d, cores %d%n",
        Bootstrap.engineThreads(),
        Runtime.getRuntime().availableProcessors());
    double err = matmulBackwardError(engine, device);
    out.printf(Locale.ROOT, "autograd:      matmul 64x64 backward, max error %.2e%n", err);
    if (!(err < 1e-3)) {
      throw new IllegalStateException(
          "the engine computed a wrong gradient (max error "
              + err
              + "); the native library is broken");
    }
    out.println("status:        ok");
    return 0;
  }

  /**
   * d/dA sum(A @ A) = 1 A^T + A^T 1 (with 1 the all-ones matrix); returns the largest deviation of
   * the engine's gradient from that closed form.
   */
  static double matmulBackwardError(Engine engine, Device device) {
    try (NDManager manager = NDManager.newBaseManager(device)) {
      NDArray a = manager.randomNormal(new Shape(64, 64));
      a.setRequiresGradient(true);
      try (GradientCollector collector = engine.newGradientCollector()) {
        collector.backward(a.matMul(a).sum());
      }
      NDArray ones = manager.ones(new Shape(64, 64));
      NDArray expected = ones.matMul(a.transpose()).add(a.transpose().matMul(ones));
      return a.getGradient().sub(expected).abs().max().getFloat();
    }
  }
}
