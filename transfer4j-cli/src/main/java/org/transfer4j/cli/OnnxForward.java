package org.transfer4j.cli;

import ai.onnxruntime.OnnxTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.InferenceOptions;
import org.transfer4j.engine.OnnxSession;
import org.transfer4j.io.RawTensor;
import org.transfer4j.io.SafeTensorsFile;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.ModelConfig;
import org.transfer4j.model.ModelRegistry;
import org.transfer4j.model.onnx.OnnxModels;

/**
 * The {@code forward} verb on ONNX Runtime: the folder's export (or the cached one) on the inputs
 * file, outputs renamed to the names the PyTorch path writes ({@code prediction_logits} is {@code
 * mlm_logits} there), so either engine's file reads the same.
 *
 * <pre>{@code
 * OnnxForward.Result r = OnnxForward.run(dir, Path.of("in.safetensors"), inference);
 * }</pre>
 */
final class OnnxForward {
  private OnnxForward() {}

  /** The architecture run and its outputs. */
  record Result(String architecture, List<RawTensor> tensors) {}

  private static final Map<String, String> TORCH_NAMES = Map.of("prediction_logits", "mlm_logits");

  static Result run(Path dir, Path inputs, InferenceOptions options) throws IOException {
    ModelConfig config = HfModels.readConfig(dir);
    String arch = ModelRegistry.architectureFor(config).name();
    List<RawTensor> tensors = new ArrayList<>();
    try (OnnxSession s =
            OnnxModels.open(
                dir, arch, config, options.sessionOptions(), m -> HfModels.load(dir, m));
        SafeTensorsFile in = SafeTensorsFile.open(inputs)) {
      requireInputIds(in, inputs);
      long[] ids = in.readLongs("input_ids");
      long[] shape = in.info("input_ids").shape();
      Map<String, OnnxTensor> feed = new LinkedHashMap<>();
      feed.put("input_ids", s.longs(ids, shape));
      long[] ones = new long[ids.length];
      Arrays.fill(ones, 1);
      feed.put("attention_mask", s.longs(optional(in, "attention_mask", shape, ones), shape));
      if (s.inputNames().contains("token_type_ids")) {
        long[] zeros = new long[ids.length];
        feed.put("token_type_ids", s.longs(optional(in, "token_type_ids", shape, zeros), shape));
      }
      decoderInputs(s, feed, shape);
      try (OnnxSession.Outputs out = s.run(feed)) {
        for (String name : out.names()) {
          if (name.startsWith("present.")) {
            continue; // GPT-2's key/value cache for a next step, not a model output
          }
          tensors.add(
              RawTensor.ofFloats(
                  TORCH_NAMES.getOrDefault(name, name), out.shape(name), out.floats(name)));
        }
      }
    }
    return new Result(arch, tensors);
  }

  /**
   * A decoder export (GPT-2, {@code Gpt2OnnxExporter}) also takes {@code position_ids} and the past
   * keys and values: positions {@code 0 .. seq - 1} as the PyTorch forward without a cache, and an
   * empty past.
   */
  private static void decoderInputs(OnnxSession s, Map<String, OnnxTensor> feed, long[] shape) {
    if (s.inputNames().contains("position_ids")) {
      long[] positions = new long[(int) (shape[0] * shape[1])];
      for (int i = 0; i < positions.length; i++) {
        positions[i] = i % shape[1];
      }
      feed.put("position_ids", s.longs(positions, shape));
    }
    for (String name : s.inputNames()) {
      if (name.startsWith("past_key_values.")) {
        long[] past = s.inputShape(name).clone(); // (batch, heads, past, head_dim)
        past[0] = shape[0];
        past[2] = 0;
        feed.put(name, s.floats(new float[0], past));
      }
    }
  }

  /** Refuses an inputs file without {@code input_ids}, naming it (both engines' check). */
  static void requireInputIds(SafeTensorsFile in, Path inputs) {
    if (!in.has("input_ids")) {
      throw new BadInputException(
          inputs
              + ": no tensor 'input_ids'; the inputs file needs int64 input_ids"
              + " (and optionally attention_mask, token_type_ids)");
    }
  }

  private static long[] optional(SafeTensorsFile in, String name, long[] shape, long[] absent) {
    if (!in.has(name)) {
      return absent;
    }
    if (!Arrays.equals(in.info(name).shape(), shape)) {
      throw new BadInputException(
          name
              + " has shape "
              + Arrays.toString(in.info(name).shape())
              + " but input_ids has "
              + Arrays.toString(shape)
              + "; they must match");
    }
    return in.readLongs(name);
  }
}
