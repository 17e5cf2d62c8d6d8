package org.transfer4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.InferenceOptions;
import org.transfer4j.io.RawTensor;
import org.transfer4j.io.SafeTensorsFile;
import org.transfer4j.io.SafeTensorsWriter;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.LoadOptions;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.onnx.OnnxModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs a model folder's architecture on int64 inputs and writes every output it has. */
@Command(
    name = "forward",
    mixinStandardHelpOptions = true,
    description =
        "Run the architecture named in a model folder's config.json on inputs from a safetensors"
            + " file (int64 input_ids, optional attention_mask and token_type_ids; (batch, choices,"
            + " seq) for multiple choice) and write every output (last_hidden_state,"
            + " pooler_output, logits, mlm_logits, seq_relationship_logits, hidden_states.N,"
            + " attentions.N) to a safetensors file.")
final class ForwardCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Mixin InferenceCliOptions inference;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR|NAME",
      description = "Model folder or built-in model name (transfer4j models).")
  String model;

  @Option(
      names = "--inputs",
      required = true,
      paramLabel = "FILE",
      description = "Safetensors file with input_ids [attention_mask, token_type_ids].")
  Path inputs;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "FILE",
      description = "Safetensors file to write (atomically).")
  Path output;

  @Option(
      names = "--no-hidden-states",
      description = "Skip hidden_states.N and attentions.N (faster, smaller output).")
  boolean mainOnly;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    OutputChecks.notAnInput("--output", output, "--inputs", inputs, "--model", model);
    engineOptions.init();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (onnx()) {
      OnnxForward.Result r =
          OnnxForward.run(ModelFolders.resolve(model), inputs, inference.toOptions());
      for (RawTensor t : r.tensors()) {
        out.printf(Locale.ROOT, "%-28s %s%n", t.name(), new ai.djl.ndarray.types.Shape(t.shape()));
      }
      SafeTensorsWriter.write(output, r.tensors(), Map.of("format", "pt"));
      out.printf(
          Locale.ROOT,
          "wrote %d tensors of %s to %s (onnx)%n",
          r.tensors().size(),
          r.architecture(),
          output);
      return 0;
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      HfModels.Loaded loaded =
          HfModels.loadWithReport(ModelFolders.resolve(model), manager, LoadOptions.DEFAULTS);
      if (!loaded.report().isComplete()) {
        err.println(loaded.report().summary());
      }
      loaded.model().train(false);
      List<RawTensor> tensors = new ArrayList<>();
      try (NDManager step = manager.newSubManager();
          SafeTensorsFile in = SafeTensorsFile.open(inputs)) {
        OnnxForward.requireInputIds(in, inputs);
        ModelInput input =
            new ModelInput(
                ids(in, "input_ids", step),
                in.has("attention_mask") ? ids(in, "attention_mask", step) : null,
                in.has("token_type_ids") ? ids(in, "token_type_ids", step) : null);
        OutputOptions options = mainOnly ? OutputOptions.NONE : OutputOptions.ALL;
        Map<String, NDArray> outputs = loaded.model().forwardNamed(input, options);
        for (Map.Entry<String, NDArray> e : outputs.entrySet()) {
          NDArray a = e.getValue();
          tensors.add(RawTensor.ofFloats(e.getKey(), a.getShape().getShape(), a.toFloatArray()));
          out.printf(Locale.ROOT, "%-28s %s%n", e.getKey(), a.getShape());
        }
      }
      SafeTensorsWriter.write(output, tensors, Map.of("format", "pt"));
      out.printf(
          Locale.ROOT,
          "wrote %d tensors of %s to %s%n",
          tensors.size(),
          loaded.model().architecture(),
          output);
    }
    return 0;
  }

  /**
   * ONNX Runtime only gives the export's outputs, so {@code auto} picks it when those are all that
   * is asked for ({@code --no-hidden-states}) and the model can be exported.
   */
  private boolean onnx() throws java.io.IOException {
    InferenceOptions o = inference.toOptions();
    if (o.engine() == InferenceOptions.Engine.TORCH) {
      return false;
    }
    if (o.engine() == InferenceOptions.Engine.ONNX && !mainOnly) {
      throw new BadInputException(
          "--engine onnx: the ONNX export gives the model's outputs only, not hidden_states.N and"
              + " attentions.N; add --no-hidden-states, or use --engine torch");
    }
    org.transfer4j.model.ModelConfig config = HfModels.readConfig(ModelFolders.resolve(model));
    boolean exportable =
        OnnxModels.exportable(
            config.modelType(), org.transfer4j.model.ModelRegistry.architectureFor(config).name());
    if (o.engine() == InferenceOptions.Engine.ONNX && !exportable) {
      throw new BadInputException(
          "--engine onnx: " + model + " cannot be exported to ONNX; use --engine torch");
    }
    return mainOnly && exportable;
  }

  private NDArray ids(SafeTensorsFile in, String name, NDManager m) {
    org.transfer4j.io.DType t = in.info(name).dtype();
    if (t == org.transfer4j.io.DType.F32
        || t == org.transfer4j.io.DType.F16
        || t == org.transfer4j.io.DType.BF16
        || t == org.transfer4j.io.DType.F64) {
      throw new BadInputException(
          inputs + ": tensor '" + name + "' is " + t + " but must be an integer type (int64)");
    }
    return in.toNDArray(name, m);
  }
}
