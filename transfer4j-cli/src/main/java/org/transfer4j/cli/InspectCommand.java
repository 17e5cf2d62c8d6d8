package org.transfer4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.transfer4j.io.Checkpoint;
import org.transfer4j.io.TensorInfo;
import org.transfer4j.model.ConfigJson;
import org.transfer4j.model.ModelConfig;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.model.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Shows a model folder: its config, parameter counts per module, and every tensor. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description =
        "Show a Hugging Face model folder: the config, parameter count per module and the tensor list"
            + " (reads headers only, loads no weights).")
final class InspectCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR|NAME",
      description =
          "Model folder with config.json and model.safetensors (or a sharded index), or a"
              + " built-in model name (transfer4j models).")
  String model;

  @Option(names = "--no-tensors", description = "Omit the per-tensor list.")
  boolean noTensors;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path model = ModelFolders.resolve(this.model);
    if (Files.exists(model.resolve(ConfigJson.FILE_NAME))) {
      ConfigJson json = ConfigJson.read(model);
      ModelConfig config = ModelRegistry.parseConfig(json);
      ModelRegistry.Architecture arch = ModelRegistry.architectureFor(config);
      out.printf(Locale.ROOT, "model:         %s%n", model);
      out.printf(Locale.ROOT, "model_type:    %s%n", config.modelType());
      out.printf(Locale.ROOT, "architecture:  %s%n", arch.name());
      out.println("config:");
      for (String line : ConfigJson.toText(config.toJson()).split("\n")) {
        out.println("  " + line);
      }
    } else {
      out.printf(Locale.ROOT, "model:         %s (no config.json)%n", model);
    }
    try (Checkpoint ckpt = Checkpoint.open(model)) {
      Map<String, long[]> perModule = new LinkedHashMap<>();
      long total = 0;
      for (String name : ckpt.names()) {
        TensorInfo t = ckpt.info(name);
        String[] parts = name.split("\\.");
        // Two levels (bert.encoder, cls.predictions, h.0) unless the name is module.param.
        String key = parts.length > 2 ? parts[0] + "." + parts[1] : parts[0];
        long[] acc = perModule.computeIfAbsent(key, k -> new long[2]);
        acc[0] += t.numel();
        acc[1]++;
        total += t.numel();
      }
      out.println("parameters per module:");
      for (Map.Entry<String, long[]> e : perModule.entrySet()) {
        out.printf(
            Locale.ROOT,
            "  %-40s %,14d  (%d tensors)%n",
            e.getKey(),
            e.getValue()[0],
            e.getValue()[1]);
      }
      out.printf(Locale.ROOT, "  %-40s %,14d  (%d tensors)%n", "total", total, ckpt.names().size());
      if (!noTensors) {
        out.println("tensors:");
        for (String name : ckpt.names()) {
          TensorInfo t = ckpt.info(name);
          out.printf(Locale.ROOT, "  %-60s %-4s %s%n", name, t.dtype(), Arrays.toString(t.shape()));
        }
      }
    }
    return 0;
  }
}
