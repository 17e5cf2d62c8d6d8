package org.transfer4j.model.onnx;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.io.onnx.OnnxGraphBuilder;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.ModelConfig;
import org.transfer4j.model.PretrainedModel;

/**
 * Exports a model to ONNX ({@code model.onnx}) for ONNX Runtime: picks the {@link OnnxExporter} by
 * {@code model_type}, builds the graph from the loaded weights and writes it atomically, with
 * metadata that lets a later run check the export belongs to the model ({@link #ARCHITECTURE_KEY},
 * {@link #CONFIG_KEY}).
 *
 * <pre>{@code
 * OnnxExport.Result r = OnnxExport.exportFolder(Path.of("bert-sst2"), Path.of("bert-sst2-onnx"), 17);
 * OnnxExport.write(model, Path.of("run/best/model.onnx"), OnnxExport.DEFAULT_OPSET); // in memory
 * }</pre>
 */
public final class OnnxExport {
  private OnnxExport() {}

  /** The file name of an export inside a model folder, as Hugging Face's exporters write it. */
  public static final String FILE = "model.onnx";

  /**
   * The default opset: 17 is the first with {@code LayerNormalization}, which ONNX Runtime runs as
   * one kernel and fuses with the residual {@code Add}.
   */
  public static final int DEFAULT_OPSET = 17;

  /** Metadata key: the exported class ({@code architectures}), e.g. {@code BertForMaskedLM}. */
  public static final String ARCHITECTURE_KEY = "transfer4j.architecture";

  /**
   * Metadata key: SHA-256 of the model's config as transfer4j writes it ({@link #configDigest}).
   */
  public static final String CONFIG_KEY = "transfer4j.config_sha256";

  /**
   * The graph layout's version, part of the export cache's key ({@link OnnxModels}), so a newer
   * exporter never reuses an older one's cached graphs. Raise it whenever the written graph
   * changes.
   */
  public static final int EXPORTER_VERSION = 2;

  /** What an export wrote. */
  public record Result(Path file, String architecture, int opset, long bytes) {}

  /** The exporter for a {@code model_type}; other families are refused with the supported list. */
  public static OnnxExporter exporterFor(String modelType) {
    switch (modelType) {
      case "bert":
        return new BertOnnxExporter();
      case "distilbert":
        return new DistilBertOnnxExporter();
      case "gpt2":
        return new Gpt2OnnxExporter();
      default:
        throw new BadInputException(
            "model_type '"
                + modelType
                + "' cannot be exported to ONNX; supported: bert, distilbert, gpt2");
    }
  }

  /**
   * Writes {@code model} (any registered architecture its family's exporter supports) to {@code
   * file}.
   */
  public static Result write(PretrainedModel model, Path file, int opset) throws IOException {
    return write(model, file, opset, java.util.Map.of());
  }

  /**
   * As {@link #write(PretrainedModel, Path, int)}, with extra metadata entries (such as {@link
   * WeightsDigest#KEY}: the weights the model was loaded from).
   */
  public static Result write(
      PretrainedModel model, Path file, int opset, java.util.Map<String, String> metadata)
      throws IOException {
    OnnxExporter exporter = exporterFor(model.config().modelType());
    if (opset < OnnxGraphBuilder.MIN_OPSET || opset > OnnxGraphBuilder.MAX_OPSET) {
      throw new BadInputException(
          String.format(
              Locale.ROOT,
              "--opset %d is not supported; use %d to %d (default %d)",
              opset,
              OnnxGraphBuilder.MIN_OPSET,
              OnnxGraphBuilder.MAX_OPSET,
              DEFAULT_OPSET));
    }
    boolean was = model.isTraining();
    model.train(false);
    try {
      OnnxGraphBuilder b = new OnnxGraphBuilder(model.config().modelType(), opset);
      b.metadata(ARCHITECTURE_KEY, model.architecture());
      b.metadata(CONFIG_KEY, configDigest(model.config()));
      metadata.forEach(b::metadata);
      exporter.build(model, b);
      b.write(file);
    } finally {
      model.train(was);
    }
    return new Result(file, model.architecture(), opset, Files.size(file));
  }

  /**
   * Loads the model of {@code modelDir} and writes {@code outDir/model.onnx} beside copies of the
   * folder's config, tokenizer and task files (everything but weights), so {@code outDir} is a
   * complete folder for ONNX Runtime inference.
   */
  public static Result exportFolder(Path modelDir, Path outDir, int opset) throws IOException {
    ModelConfig config = HfModels.readConfig(modelDir);
    exporterFor(config.modelType()); // refuse unsupported families before loading weights
    Bootstrap.engine();
    Files.createDirectories(outDir);
    Result r;
    try (NDManager manager = NDManager.newBaseManager()) {
      PretrainedModel model = HfModels.load(modelDir, manager);
      String weights = WeightsDigest.of(modelDir);
      r =
          write(
              model,
              outDir.resolve(FILE),
              opset,
              weights == null ? java.util.Map.of() : java.util.Map.of(WeightsDigest.KEY, weights));
    }
    if (!Files.isSameFile(modelDir, outDir)) {
      for (Path f : companions(modelDir)) {
        Files.copy(
            f, outDir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return r;
  }

  /** The folder's files that travel with an export: everything but weights and hidden files. */
  static List<Path> companions(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(
              f -> {
                String n = f.getFileName().toString();
                return !n.startsWith(".")
                    && !n.endsWith(".safetensors")
                    && !n.endsWith(".bin")
                    && !n.endsWith(".onnx")
                    && !n.endsWith(".pt");
              })
          .sorted()
          .toList();
    }
  }

  /** SHA-256 (hex) of the config as transfer4j serialises it; equal configs give equal digests. */
  public static String configDigest(ModelConfig config) {
    JsonObject j = config.toJson();
    j.remove("architectures"); // the class is checked on its own (ARCHITECTURE_KEY)
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(j.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
