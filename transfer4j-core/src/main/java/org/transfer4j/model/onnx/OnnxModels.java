package org.transfer4j.model.onnx;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.engine.OnnxSession;
import org.transfer4j.engine.OnnxSessionOptions;
import org.transfer4j.model.BuiltinModels;
import org.transfer4j.model.ModelConfig;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.model.bert.BertCrfForTokenClassification;

/**
 * Finds the ONNX export that runs a model folder as a given architecture, checks it belongs to the
 * folder, and opens it; a folder without a usable export gets one, written once into the cache
 * ({@code $TRANSFER4J_HOME/onnx/KEY/model.onnx}, KEY a SHA-256 of the architecture, config and
 * weights, so changed weights never meet a stale export).
 *
 * <p>The folder's own {@code model.onnx} is used when it was exported for that architecture (its
 * {@link OnnxExport#ARCHITECTURE_KEY} metadata) or carries no transfer4j metadata (Hugging Face's
 * exporters); it is refused, with a message naming it, when its config or weights digest differs
 * from the folder's (a stale or foreign export) and when its inputs or outputs do not fit ({@link
 * #requireOutput}). An export of another architecture (a classifier's, when sentence vectors need
 * the encoder) is left alone and the cache is used.
 *
 * <pre>{@code
 * try (OnnxSession s = OnnxModels.open(dir, "BertModel", config, options, m -> load(dir, m))) {
 *   OnnxModels.requireOutput(s, "last_hidden_state", config.hiddenSize());
 * }
 * }</pre>
 */
public final class OnnxModels {
  private OnnxModels() {}

  /** Loads the PyTorch model to export, into the given manager, only when an export is needed. */
  @FunctionalInterface
  public interface ModelLoader {
    PretrainedModel load(NDManager manager) throws IOException;
  }

  /**
   * Whether this model can be exported (and so run on ONNX Runtime): its family has an exporter,
   * and its head is not a CRF, whose Viterbi decoding runs on the PyTorch path (an export would
   * hold the emission scores alone).
   */
  public static boolean exportable(String modelType, String architecture) {
    if (architecture.equals(BertCrfForTokenClassification.NAME)) {
      return false;
    }
    try {
      OnnxExport.exporterFor(modelType);
      return true;
    } catch (BadInputException e) {
      return false;
    }
  }

  /**
   * The session running {@code dir} as {@code architecture}: the folder's export when it fits, else
   * the cached export, made from {@code loader}'s model on first use.
   */
  public static OnnxSession open(
      Path dir,
      String architecture,
      ModelConfig config,
      OnnxSessionOptions options,
      ModelLoader loader)
      throws IOException {
    String configDigest = OnnxExport.configDigest(config);
    String weights = WeightsDigest.of(dir);
    Path own = dir.resolve(OnnxExport.FILE);
    if (Files.isRegularFile(own)) {
      OnnxSession s = OnnxSession.open(own, options);
      String arch = s.metadata(OnnxExport.ARCHITECTURE_KEY);
      if (arch == null || arch.equals(architecture)) {
        try {
          mustEqual(own, "config", configDigest, s.metadata(OnnxExport.CONFIG_KEY), "config.json");
          if (weights != null) {
            mustEqual(own, "weights", weights, s.metadata(WeightsDigest.KEY), "model.safetensors");
          }
          return s;
        } catch (RuntimeException e) {
          s.close();
          throw e;
        }
      }
      s.close(); // exported for another class (a head): not this one's graph
    }
    if (weights == null) {
      throw new BadInputException(
          dir
              + " has neither an ONNX export for "
              + architecture
              + " (model.onnx) nor weights (model.safetensors) to export one from; export the"
              + " original folder with: transfer4j export onnx, or use --engine torch");
    }
    Path cached = cacheFile(architecture, configDigest, weights);
    if (!Files.isRegularFile(cached)) {
      Bootstrap.engine();
      try (NDManager m = NDManager.newBaseManager()) {
        PretrainedModel model = loader.load(m);
        OnnxExport.write(
            model, cached, OnnxExport.DEFAULT_OPSET, Map.of(WeightsDigest.KEY, weights));
      }
    }
    return OnnxSession.open(cached, options);
  }

  private static void mustEqual(Path file, String what, String want, String got, String source) {
    if (got != null && !got.equals(want)) {
      throw new BadInputException(
          file
              + " was exported from other "
              + what
              + " than this folder's "
              + source
              + " (a stale or foreign export); delete it so transfer4j exports the model again,"
              + " or use --engine torch");
    }
  }

  /** The cache location of an export. */
  static Path cacheFile(String architecture, String configDigest, String weights) {
    String key =
        String.join(
            "|",
            architecture,
            configDigest,
            weights,
            "opset " + OnnxExport.DEFAULT_OPSET,
            "exporter " + OnnxExport.EXPORTER_VERSION);
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return BuiltinModels.home()
          .resolve("onnx")
          .resolve(HexFormat.of().formatHex(d, 0, 16))
          .resolve(OnnxExport.FILE);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Refuses a session without {@code input_ids}/{@code attention_mask} inputs or without output
   * {@code name}, or whose output's last axis is fixed to another size than {@code lastDim} (for
   * example 768 hidden units where the config says 384, or 5 labels where it says 3).
   */
  public static void requireOutput(OnnxSession s, String name, long lastDim) {
    for (String in : new String[] {"input_ids", "attention_mask"}) {
      if (!s.inputNames().contains(in)) {
        throw mismatch(s, "has no input '" + in + "' (its inputs: " + s.inputNames() + ")");
      }
    }
    long[] shape = s.outputShape(name);
    if (shape == null) {
      throw mismatch(s, "has no output '" + name + "' (its outputs: " + s.outputNames() + ")");
    }
    long last = shape.length == 0 ? -1 : shape[shape.length - 1];
    if (last >= 0 && last != lastDim) {
      throw mismatch(
          s,
          "gives '" + name + "' of size " + last + " but the folder's config.json says " + lastDim);
    }
  }

  private static BadInputException mismatch(OnnxSession s, String what) {
    return new BadInputException(
        s.file()
            + " "
            + what
            + "; it does not belong to this model: delete it so transfer4j exports the model"
            + " again, or use --engine torch");
  }
}
