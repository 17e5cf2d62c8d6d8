package org.transfer4j.cli;

import org.transfer4j.engine.Bootstrap;
import picocli.CommandLine.Option;

/** Options every verb that uses the tensor engine accepts; mix in with {@code @Mixin}. */
public final class EngineOptions {
  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Intra-op threads (default: $TRANSFER4J_THREADS, else all cores).")
  int threads;

  @Option(names = "--seed", paramLabel = "N", description = "Global random seed (default: 42).")
  long seed = 42;

  @Option(names = "--verbose", description = "Log at info level and print stack traces on errors.")
  boolean verbose;

  /** Starts the engine with these options. */
  public Bootstrap.Options toOptions() {
    return new Bootstrap.Options(threads, verbose, seed);
  }

  public void init() {
    Bootstrap.init(toOptions());
  }
}
