package org.transfer4j.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import java.util.Locale;

/**
 * Starts the tensor engine the same way everywhere: offline, quiet, with a chosen number of threads
 * and a global seed. Every entry point (CLI verb, test, benchmark) calls {@link #init} before
 * touching DJL.
 *
 * <pre>{@code
 * Engine engine = Bootstrap.init(Bootstrap.Options.defaults().withSeed(42));
 * Device device = Bootstrap.device();
 * }</pre>
 */
public final class Bootstrap {
  /** Environment variable read when no thread count is given. */
  public static final String THREADS_ENV = "TRANSFER4J_THREADS";

  private static Engine engine;
  private static Options active;

  private Bootstrap() {}

  /**
   * How to start the engine.
   *
   * @param threads intra-op threads; 0 means {@value #THREADS_ENV}, else all cores
   * @param verbose log at info level instead of warnings only
   * @param seed the global seed for the engine's random generator
   */
  public record Options(int threads, boolean verbose, long seed) {
    public Options {
      if (threads < 0) {
        throw new IllegalArgumentException("threads must be >= 0 (0 = automatic), got " + threads);
      }
    }

    public static Options defaults() {
      return new Options(0, false, 42L);
    }

    public Options withThreads(int t) {
      return new Options(t, verbose, seed);
    }

    public Options withVerbose(boolean v) {
      return new Options(threads, v, seed);
    }

    public Options withSeed(long s) {
      return new Options(threads, verbose, s);
    }
  }

  /**
   * Sets logging before any logger exists. Safe to call more than once; the first call that happens
   * before SLF4J initialises wins, so entry points call it first.
   */
  public static void configureLogging(boolean verbose) {
    String level = verbose ? "info" : "warn";
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    // On machines with CUDA libraries but no usable driver DJL warns at every start; the doctor
    // verb reports devices itself.
    System.setProperty(
        "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", verbose ? "info" : "error");
  }

  /** Threads a caller asked {@link #init} for explicitly; 0 until then. */
  private static volatile int requestedThreads;

  /** Starts (once) and returns the PyTorch engine; later calls only re-seed and re-thread. */
  public static synchronized Engine init(Options options) {
    configureLogging(options.verbose());
    // Never download anything at run time: the natives come from the class path.
    System.setProperty("ai.djl.offline", "true");
    int threads = resolveThreads(options.threads());
    if (options.threads() > 0) {
      requestedThreads = options.threads();
    }
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    if (engine == null) {
      engine = Engine.getEngine("PyTorch");
      // libtorch warns once per process, on the first NDArray.set, that "AutoNonVariableTypeMode
      // is deprecated": a note to libtorch's own developers (DJL's JNI uses the guard), nothing a
      // user can act on. Trigger it here with native stderr discarded, so it never shows.
      if (!options.verbose()) {
        NativeStderr.silenced(
            () -> {
              try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
                m.zeros(new ai.djl.ndarray.types.Shape(1)).set(new float[] {0f});
              }
            });
      }
    }
    JniUtils.setNumThreads(threads);
    engine.setRandomSeed((int) options.seed());
    JniUtils.setSeed(options.seed());
    active = options;
    return engine;
  }

  /** Starts the engine with default options if nobody did yet. */
  public static synchronized Engine engine() {
    return engine != null ? engine : init(Options.defaults());
  }

  /** The options the engine was last initialised with. */
  public static synchronized Options options() {
    return active != null ? active : Options.defaults();
  }

  /** Re-seeds the engine's generator (dropout, initialisation, sampling). */
  public static void seed(long seed) {
    engine();
    JniUtils.setSeed(seed);
  }

  /** The device to compute on: the first GPU when the engine has one, else the CPU. */
  public static Device device() {
    return engine().defaultDevice();
  }

  /** Intra-op threads the engine uses now. */
  public static int engineThreads() {
    engine();
    return JniUtils.getNumThreads();
  }

  /** Where the native PyTorch library was loaded from. */
  public static String nativeLibraryPath() {
    engine();
    return LibUtils.getLibtorchPath();
  }

  /**
   * Thread count from the argument, else the count this process gave {@link #init} (so ONNX Runtime
   * sessions follow PyTorch's setting, e.g. one Spark executor's cores), else the environment, else
   * all available cores.
   */
  public static int resolveThreads(int requested) {
    if (requested > 0) {
      return requested;
    }
    if (requestedThreads > 0) {
      return requestedThreads;
    }
    String env = System.getenv(THREADS_ENV);
    if (env != null && !env.isBlank()) {
      try {
        int t = Integer.parseInt(env.trim());
        if (t > 0) {
          return t;
        }
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s=%s is not a positive integer; unset it or set e.g. 2",
              THREADS_ENV,
              env));
    }
    return Runtime.getRuntime().availableProcessors();
  }
}
