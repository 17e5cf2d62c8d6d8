package org.transfer4j.engine;

import java.util.Locale;
import org.transfer4j.BadInputException;

/**
 * Which runtime runs inference ({@code --engine}) and with how many threads ({@code --threads}).
 *
 * <p>{@link Engine#AUTO}, the default, runs ONNX Runtime whenever the model has an ONNX export or
 * can be given one (BERT, DistilBERT and GPT-2: the export is written once, into the cache, and
 * reused), and PyTorch otherwise. ONNX Runtime fuses attention, LayerNorm and GELU into single
 * kernels and ran 1.5-3x faster than libtorch on this project's machines (BENCHMARKS.md); PyTorch
 * remains the training engine and the choice when per-layer outputs (hidden states, attentions) are
 * asked for.
 *
 * <pre>{@code
 * InferenceOptions o = InferenceOptions.parse("onnx", 2);
 * try (TaskModel m = TaskModel.load(dir, o)) { ... }
 * }</pre>
 *
 * @param engine which runtime
 * @param threads intra-op threads for ONNX Runtime; 0 for {@code $TRANSFER4J_THREADS} or all cores
 */
public record InferenceOptions(Engine engine, int threads) {
  /** The runtimes. */
  public enum Engine {
    /** ONNX Runtime when the model can be exported, else PyTorch. */
    AUTO,
    /** ONNX Runtime; models that cannot be exported are refused. */
    ONNX,
    /** PyTorch through DJL. */
    TORCH;

    /** The lower-case name used on the command line. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public InferenceOptions {
    if (engine == null) {
      engine = Engine.AUTO;
    }
    if (threads < 0) {
      throw new BadInputException("--threads " + threads + ": give 0 (all cores) or more");
    }
  }

  /** {@link Engine#AUTO}, default threads. */
  public static InferenceOptions defaults() {
    return new InferenceOptions(Engine.AUTO, 0);
  }

  /** PyTorch only (for callers that need the PyTorch model itself). */
  public static InferenceOptions torch() {
    return new InferenceOptions(Engine.TORCH, 0);
  }

  /** {@code auto}, {@code onnx} or {@code torch} (any case; null for auto). */
  public static InferenceOptions parse(String engine, int threads) {
    if (engine == null || engine.isBlank()) {
      return new InferenceOptions(Engine.AUTO, threads);
    }
    for (Engine e : Engine.values()) {
      if (e.id().equalsIgnoreCase(engine.strip())) {
        return new InferenceOptions(e, threads);
      }
    }
    throw new BadInputException("--engine " + engine + ": unknown engine; use onnx, torch or auto");
  }

  /** ONNX Runtime session options with these threads and the fast defaults otherwise. */
  public OnnxSessionOptions sessionOptions() {
    return OnnxSessionOptions.defaults().withThreads(threads);
  }
}
