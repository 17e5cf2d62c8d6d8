package org.transfer4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.model.onnx.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code transfer4j export onnx --model DIR|NAME --output DIR [--opset N]}: {@code model.onnx} for
 * ONNX Runtime beside copies of the folder's config, tokenizer and task files.
 */
@Command(
    name = "onnx",
    mixinStandardHelpOptions = true,
    description =
        "Export a model folder (BERT, DistilBERT: base model or any head) to ONNX: model.onnx with"
            + " dynamic batch and sequence axes and Hugging Face's input/output names, beside"
            + " copies of config.json, the tokenizer files and task.json.")
final class ExportOnnxCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR|NAME",
      description = "A model folder or a built-in model name.")
  String model;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder.")
  Path output;

  @Option(
      names = "--opset",
      paramLabel = "N",
      description = "ONNX opset, 14 to 21 (default: ${DEFAULT-VALUE}).")
  int opset = OnnxExport.DEFAULT_OPSET;

  @Mixin EngineOptions engine;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    engine.init();
    Path dir = ModelFolders.resolve(model);
    OutputChecks.notAnInput("--output", output, "--model", dir);
    OnnxExport.Result r = OnnxExport.exportFolder(dir, output, opset);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "exported %s (%s) to %s: opset %d, %.1f MB%n",
        model,
        r.architecture(),
        r.file(),
        r.opset(),
        r.bytes() / 1e6);
    return 0;
  }
}
