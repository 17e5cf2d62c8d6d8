package org.transfer4j.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.OnnxSessionOptions;
import org.transfer4j.model.CausalLm;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.LoadOptions;
import org.transfer4j.model.ModelConfig;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.model.onnx.Gpt2OnnxLm;
import org.transfer4j.model.onnx.OnnxExport;
import picocli.CommandLine.Option;

/**
 * {@code generate --engine auto|onnx|torch}: which runtime decodes. {@code auto} (the default) runs
 * ONNX Runtime when the folder holds a {@code model.onnx} (written by {@code transfer4j export
 * onnx}), PyTorch otherwise; both give the same ids (greedy and beam search) and take every
 * generation option, since only the forward pass differs.
 */
final class GenerateEngine {
  @Option(
      names = "--engine",
      paramLabel = "ENGINE",
      description =
          "auto (default: onnx when the folder has model.onnx, else torch), onnx (ONNX Runtime on"
              + " the folder's model.onnx, with its key/value cache) or torch (PyTorch).")
  String engine = "auto";

  /** The opened model and what it runs on; closing frees an ONNX Runtime session. */
  record Opened(CausalLm lm, ModelConfig config, String engine, AutoCloseable resource)
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
   */
  Opened open(String name, Path dir, NDManager manager, int threads, PrintWriter err)
      throws IOException {
    String e = engine.strip().toLowerCase(Locale.ROOT);
    boolean hasOnnx = Files.isRegularFile(dir.resolve(OnnxExport.FILE));
    switch (e) {
      case "auto":
        return hasOnnx ? onnx(dir, threads) : torch(name, dir, manager, err);
      case "onnx":
        if (!hasOnnx) {
          throw new BadInputException(
              "--engine onnx: "
                  + dir
                  + " has no "
                  + OnnxExport.FILE
                  + "; export it first: transfer4j export onnx --model "
                  + name
                  + " --output DIR, then --model DIR");
        }
        return onnx(dir, threads);
      case "torch":
        return torch(name, dir, manager, err);
      default:
        throw new BadInputException(
            "--engine " + engine + ": unknown engine; use auto, onnx or torch");
    }
  }

  private static Opened onnx(Path dir, int threads) throws IOException {
    Gpt2OnnxLm lm = Gpt2OnnxLm.open(dir, OnnxSessionOptions.defaults().withThreads(threads));
    return new Opened(lm, lm.config(), "onnx", lm);
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
