package org.transfer4j.cli;

import org.transfer4j.engine.Bootstrap;
import org.transfer4j.engine.InferenceOptions;
import picocli.CommandLine.Option;

/**
 * {@code --engine onnx|torch|auto} for the inference verbs; the thread count is {@link
 * EngineOptions}'s {@code --threads}, which ONNX Runtime sessions use too.
 *
 * <pre>{@code
 * @Mixin InferenceCliOptions inference;
 * TaskModel.load(dir, inference.toOptions()); // after engineOptions.init()
 * }</pre>
 */
final class InferenceCliOptions {
  @Option(
      names = "--engine",
      paramLabel = "E",
      description =
          "onnx (ONNX Runtime: the model's model.onnx, or an export written once into the cache),"
              + " torch (PyTorch), or auto: onnx for BERT, DistilBERT and GPT-2, torch otherwise"
              + " (default: ${DEFAULT-VALUE}).")
  String engine = "auto";

  /** The engine with {@code --threads} (read from the started engine's options). */
  InferenceOptions toOptions() {
    return InferenceOptions.parse(engine, Bootstrap.options().threads());
  }
}
