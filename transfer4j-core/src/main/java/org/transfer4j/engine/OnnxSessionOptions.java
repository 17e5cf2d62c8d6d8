package org.transfer4j.engine;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.Locale;
import org.transfer4j.BadInputException;

/**
 * How an ONNX Runtime session runs: intra-op threads, the graph optimisation level and whether the
 * CPU memory arena is on.
 *
 * <p>The defaults are the fast ones for inference: {@code all} optimisations (at this level ONNX
 * Runtime fuses the attention, LayerNorm, skip-LayerNorm and GELU patterns the exporters write),
 * the arena on (it reuses buffers between batches of similar size instead of allocating each time),
 * and one thread per core unless {@code --threads} or {@code $TRANSFER4J_THREADS} say otherwise.
 * Turn the arena off when a long-lived server sees batches of very different sizes and memory must
 * shrink back.
 *
 * <pre>{@code
 * OnnxSessionOptions o = OnnxSessionOptions.defaults().withThreads(2).withLevel("extended");
 * try (OnnxSession s = OnnxSession.open(Path.of("m/model.onnx"), o)) { ... }
 * }</pre>
 *
 * @param threads intra-op threads; 0 for {@link Bootstrap#resolveThreads(int)}'s default
 * @param level {@code all}, {@code extended}, {@code basic} or {@code none}
 * @param arena the CPU memory arena
 * @param spinning whether idle intra-op threads spin-wait for work (ONNX Runtime's default) instead
 *     of sleeping: a little lower latency on a machine of its own, but on a shared or
 *     oversubscribed one spinning threads steal the cores the work needs (measured here under a
 *     load of 20 on 2 cores: BERT-base slower than libtorch with spinning); off by default, as
 *     PyTorch's {@code OMP_WAIT_POLICY=PASSIVE} in the bench scripts
 */
public record OnnxSessionOptions(int threads, String level, boolean arena, boolean spinning) {
  /** Without spinning ({@link #withSpinning}). */
  public OnnxSessionOptions(int threads, String level, boolean arena) {
    this(threads, level, arena, false);
  }

  public OnnxSessionOptions {
    if (threads < 0) {
      throw new BadInputException("--threads " + threads + ": give 0 (all cores) or more");
    }
    level = level == null ? "all" : level.toLowerCase(Locale.ROOT);
    optLevel(level);
  }

  /** All cores (or {@code $TRANSFER4J_THREADS}), all optimisations, arena on. */
  public static OnnxSessionOptions defaults() {
    return new OnnxSessionOptions(0, "all", true, false);
  }

  public OnnxSessionOptions withThreads(int t) {
    return new OnnxSessionOptions(t, level, arena, spinning);
  }

  public OnnxSessionOptions withLevel(String l) {
    return new OnnxSessionOptions(threads, l, arena, spinning);
  }

  public OnnxSessionOptions withArena(boolean on) {
    return new OnnxSessionOptions(threads, level, on, spinning);
  }

  public OnnxSessionOptions withSpinning(boolean on) {
    return new OnnxSessionOptions(threads, level, arena, on);
  }

  private static OptLevel optLevel(String level) {
    switch (level) {
      case "all":
        return OptLevel.ALL_OPT;
      case "extended":
        return OptLevel.EXTENDED_OPT;
      case "basic":
        return OptLevel.BASIC_OPT;
      case "none":
        return OptLevel.NO_OPT;
      default:
        throw new BadInputException(
            "graph optimisation level '"
                + level
                + "' is unknown; use all, extended, basic or none");
    }
  }

  /** ONNX Runtime's options for these settings; the caller closes them. */
  SessionOptions toOrt() throws OrtException {
    SessionOptions o = new SessionOptions();
    try {
      o.setIntraOpNumThreads(Bootstrap.resolveThreads(threads));
      // One graph at a time: the inter-op pool would only compete with the intra-op threads.
      o.setInterOpNumThreads(1);
      o.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
      o.setOptimizationLevel(optLevel(level));
      o.setCPUArenaAllocator(arena);
      o.setMemoryPatternOptimization(arena);
      o.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
      return o;
    } catch (OrtException | RuntimeException e) {
      o.close();
      throw e;
    }
  }
}
