package org.transfer4j.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.transfer4j.BadInputException;

/**
 * One ONNX Runtime session over a {@code model.onnx}, opened once and reused for every batch (a
 * session is thread safe; opening one costs the graph optimisation, seconds for BERT-base). Inputs
 * are copied in and outputs out with bulk buffer copies, never element by element.
 *
 * <pre>{@code
 * try (OnnxSession s = OnnxSession.open(Path.of("m/model.onnx"), OnnxSessionOptions.defaults());
 *     OnnxSession.Outputs out =
 *         s.run(Map.of("input_ids", s.longs(ids, 2, 7), "attention_mask", s.longs(mask, 2, 7)))) {
 *   float[] logits = out.floats("logits"); // row-major
 *   long[] shape = out.shape("logits"); // (2, 7, vocab)
 * }
 * }</pre>
 *
 * <p>Tensors made by {@link #longs}/{@link #floats} are closed by {@link #run} after the call; a
 * caller that feeds an output back as the next call's input (a key/value cache) passes {@link
 * Outputs#tensor} and closes the old {@link Outputs} itself after that call.
 */
public final class OnnxSession implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final Path file;

  private OnnxSession(OrtEnvironment env, OrtSession session, Path file) {
    this.env = env;
    this.session = session;
    this.file = file;
  }

  /**
   * Opens a session; a missing, truncated or invalid file is a {@link BadInputException} naming it.
   */
  public static OnnxSession open(Path file, OnnxSessionOptions options) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException("ONNX model " + file + " does not exist");
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (SessionOptions o = options.toOrt()) {
      return new OnnxSession(env, env.createSession(file.toString(), o), file);
    } catch (OrtException e) {
      throw new BadInputException(
          "ONNX model "
              + file
              + " cannot be loaded by ONNX Runtime ("
              + firstLine(e.getMessage())
              + "); export it again with: transfer4j export onnx",
          e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no message";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The file the session was opened from. */
  public Path file() {
    return file;
  }

  /** The graph's input names. */
  public Set<String> inputNames() {
    return session.getInputNames();
  }

  /** The graph's output names. */
  public Set<String> outputNames() {
    return session.getOutputNames();
  }

  /** An input's declared shape (-1 for a symbolic dimension), or null when there is none. */
  public long[] inputShape(String name) {
    return shapeOf(inputInfo(), name);
  }

  /** An output's declared shape (-1 for a symbolic dimension), or null when there is none. */
  public long[] outputShape(String name) {
    return shapeOf(outputInfo(), name);
  }

  /** A metadata entry ({@code metadata_props}) of the model, or null. */
  public String metadata(String key) {
    try {
      return session.getMetadata().getCustomMetadataValue(key).orElse(null);
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, NodeInfo> inputInfo() {
    try {
      return session.getInputInfo();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, NodeInfo> outputInfo() {
    try {
      return session.getOutputInfo();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long[] shapeOf(Map<String, NodeInfo> info, String name) {
    NodeInfo n = info.get(name);
    if (n == null || !(n.getInfo() instanceof TensorInfo t)) {
      return null;
    }
    return t.getShape();
  }

  /** An int64 tensor of {@code shape} holding {@code data} (copied in bulk). */
  public OnnxTensor longs(long[] data, long... shape) {
    try {
      return OnnxTensor.createTensor(env, LongBuffer.wrap(data), shape);
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A float32 tensor of {@code shape} holding {@code data} (copied in bulk). */
  public OnnxTensor floats(float[] data, long... shape) {
    try {
      return OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs the graph; the given inputs made by {@link #longs}/{@link #floats} are closed afterwards
   * unless they are some {@link Outputs}' tensors (the caller owns those).
   *
   * @throws BadInputException when the graph lacks an input given here, naming the file
   */
  public Outputs run(Map<String, ? extends OnnxTensorLike> inputs) {
    for (String name : inputs.keySet()) {
      if (!session.getInputNames().contains(name)) {
        throw new BadInputException(
            "ONNX model "
                + file
                + " has no input '"
                + name
                + "' (its inputs: "
                + session.getInputNames()
                + "); it was not exported for this model: export it again with: transfer4j"
                + " export onnx");
      }
    }
    try {
      return new Outputs(session.run(inputs), file);
    } catch (OrtException e) {
      throw new BadInputException(
          "ONNX model " + file + " failed on this input: " + firstLine(e.getMessage()), e);
    } finally {
      for (OnnxTensorLike t : inputs.values()) {
        if (!Outputs.owned(t)) {
          t.close();
        }
      }
    }
  }

  /** The outputs of one run; close them to free their native memory. */
  public static final class Outputs implements AutoCloseable {
    private static final Set<OnnxTensorLike> OWNED =
        java.util.Collections.newSetFromMap(
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>()));
    private final OrtSession.Result result;
    private final Path file;
    private final Map<String, OnnxTensor> tensors = new LinkedHashMap<>();

    Outputs(OrtSession.Result result, Path file) {
      this.result = result;
      this.file = file;
      for (Map.Entry<String, OnnxValue> e : result) {
        if (e.getValue() instanceof OnnxTensor t) {
          tensors.put(e.getKey(), t);
          OWNED.add(t);
        }
      }
    }

    static boolean owned(OnnxTensorLike t) {
      return OWNED.contains(t);
    }

    /** The output tensor of that name (owned by these outputs). */
    public OnnxTensor tensor(String name) {
      OnnxTensor t = tensors.get(name);
      if (t == null) {
        throw new BadInputException(
            "ONNX model "
                + file
                + " has no output '"
                + name
                + "' (its outputs: "
                + tensors.keySet()
                + "); export it again with: transfer4j export onnx");
      }
      return t;
    }

    /** The output's shape. */
    public long[] shape(String name) {
      return tensor(name).getInfo().getShape();
    }

    /** A float32 output's values, row-major, copied out in bulk. */
    public float[] floats(String name) {
      OnnxTensor t = tensor(name);
      FloatBuffer b = t.getFloatBuffer();
      if (b == null) {
        throw new BadInputException(
            "ONNX model " + file + ": output '" + name + "' is not float32: " + t.getInfo());
      }
      float[] out = new float[b.remaining()];
      b.get(out);
      return out;
    }

    /** An int64 output's values, row-major, copied out in bulk. */
    public long[] longs(String name) {
      LongBuffer b = tensor(name).getLongBuffer();
      long[] out = new long[b.remaining()];
      b.get(out);
      return out;
    }

    /** The names of the outputs, in graph order. */
    public Set<String> names() {
      return tensors.keySet();
    }

    @Override
    public void close() {
      tensors.values().forEach(OWNED::remove);
      result.close();
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      tensors.forEach((k, v) -> s.append(k).append(Arrays.toString(v.getInfo().getShape())));
      return s.toString();
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
