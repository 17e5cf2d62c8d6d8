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
 */
public record OnnxSessionOptions(int threads, String level, boolean arena) {
  public OnnxSessionOptions {
    if (threads < 0) {
      throw new BadInputException("--threads " + threads + ": give 0 (all cores) or more");
    }
    level = level == null ? "all" : level.toLowerCase(Locale.ROOT);
    optLevel(level);
  }

  /** All cores (or {@code $TRANSFER4J_THREADS}), all optimisations, arena on. */
  public static OnnxSessionOptions defaults() {
    return new OnnxSessionOptions(0, "all", true);
  }

  public OnnxSessionOptions withThreads(int t) {
    return new OnnxSessionOptions(t, level, arena);
  }

  public OnnxSessionOptions withLevel(String l) {
    return new OnnxSessionOptions(threads, l, arena);
  }

  public OnnxSessionOptions withArena(boolean on) {
    return new OnnxSessionOptions(threads, level, on);
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
      // Idle intra-op threads sleep instead of spinning (ONNX Runtime spins by default). On a
      // shared machine a spinning thread burns the core its peer needs: GPT-2 greedy decoding with
      // 2 threads at load 13-14 on 2 cores ran 9.1 tokens/s spinning against 25.4 not spinning
      // (40 vs 25 ms of CPU per token; BENCHMARKS.md), as OMP_WAIT_POLICY=PASSIVE for libtorch.
      o.addConfigEntry("session.intra_op.allow_spinning", "0");
      return o;
    } catch (OrtException | RuntimeException e) {
      o.close();
      throw e;
    }
  }
}
