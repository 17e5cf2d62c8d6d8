package org.transfer4j.generate;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.InferenceOptions;
import org.transfer4j.engine.OnnxSession;
import org.transfer4j.model.CausalLm;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.LoadOptions;
import org.transfer4j.model.ModelConfig;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.model.gpt2.Gpt2Config;
import org.transfer4j.model.onnx.Gpt2OnnxExporter;
import org.transfer4j.model.onnx.Gpt2OnnxLm;
import org.transfer4j.model.onnx.OnnxModels;

/**
 * Opens the causal LM that {@code generate} and the server decode with, on the chosen engine: ONNX
 * Runtime ({@code onnx}, and {@code auto} for GPT-2) runs the folder's {@code model.onnx}, or an
 * export written once into the cache ({@link OnnxModels}); PyTorch ({@code torch}) loads the
 * weights. Both give the same ids and take every generation option: only the forward pass differs.
 *
 * <pre>{@code
 * try (CausalLms.Opened o = CausalLms.open("gpt", dir, options, manager, err)) {
 *   long[][] out = new Generator(o.lm()).generate(prompts, config);
 * }
 * }</pre>
 */
public final class CausalLms {
  private CausalLms() {}

  /** The opened model and what it runs on; closing frees an ONNX Runtime session. */
  public record Opened(CausalLm lm, ModelConfig config, String engine, AutoCloseable resource)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      if (resource != null) {
        resource.close();
      }
    }
  }

  /**
   * Opens the folder's causal LM on the chosen engine.
   *
   * @param name the --model value, for messages
   * @param err where an incomplete weight load is reported (PyTorch)
   */
  public static Opened open(
      String name, Path dir, InferenceOptions options, NDManager manager, PrintWriter err)
      throws IOException {
    ModelConfig config = HfModels.readConfig(dir);
    InferenceOptions.Engine engine = options.engine();
    if (engine == InferenceOptions.Engine.TORCH) {
      return torch(name, dir, manager, err);
    }
    if (!(config instanceof Gpt2Config gpt2) || Gpt2OnnxExporter.isBaseModel(gpt2)) {
      if (engine == InferenceOptions.Engine.AUTO) {
        return torch(name, dir, manager, err);
      }
      throw new BadInputException(
          "--engine onnx: "
              + name
              + " is not a GPT-2 causal LM (GPT2LMHeadModel) that runs on ONNX Runtime; use"
              + " --engine torch");
    }
    OnnxSession s =
        OnnxModels.open(
            dir, "GPT2LMHeadModel", gpt2, options.sessionOptions(), m -> HfModels.load(dir, m));
    try {
      Gpt2OnnxLm lm = new Gpt2OnnxLm(s, gpt2);
      return new Opened(lm, gpt2, "onnx", lm);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private static Opened torch(String name, Path dir, NDManager manager, PrintWriter err)
      throws IOException {
    HfModels.Loaded loaded = HfModels.loadWithReport(dir, manager, LoadOptions.DEFAULTS);
    if (!loaded.report().isComplete()) {
      err.println(loaded.report().summary());
    }
    PretrainedModel m = loaded.model();
    if (!(m instanceof CausalLm lm)) {
      throw new BadInputException(
          name
              + " holds a "
              + m.architecture()
              + ", which cannot generate text; use a GPT-2 (GPT2LMHeadModel) folder");
    }
    return new Opened(lm, m.config(), "torch", null);
  }
}
