package org.transfer4j.model.onnx;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.transfer4j.io.Checkpoint;
import org.transfer4j.io.SafeTensorsWriter;
import org.transfer4j.io.onnx.OnnxFile;
import org.transfer4j.io.onnx.OnnxGraph;
import org.transfer4j.model.ConfigJson;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.tokenize.Tokenizer;

/**
 * Writes a Hugging Face model folder from a BERT-family ONNX export: {@code config.json}, {@code
 * model.safetensors} (BertModel's names and layout), {@code tokenizer.json} and {@code vocab.txt}.
 * The folder loads like any other ({@code HfModels.load}, every {@code --model}).
 *
 * <pre>{@code
 * BertConfig c = OnnxImport.importFolder(Path.of("model.onnx"), Path.of("tokenizer.json"), null,
 *     Path.of("models/minilm"));
 * }</pre>
 */
public final class OnnxImport {
  private OnnxImport() {}

  /**
   * Imports a {@code .onnx} file.
   *
   * @param tokenizer a {@code tokenizer.json} or a tokenizer folder; null writes no tokenizer
   * @param config a {@code config.json} to use instead of inferring one, or null
   * @return the config written
   */
  public static BertConfig importFolder(Path onnx, Path tokenizer, Path config, Path out)
      throws IOException {
    OnnxGraph graph = OnnxFile.read(onnx);
    BertConfig given = config == null ? null : BertConfig.read(config);
    Tokenizer tok = tokenizer == null ? null : Tokenizer.load(tokenizer);
    return write(graph, tok, given, out);
  }

  /**
   * Converts a parsed graph and writes the folder; each file is written to a temporary file and
   * moved into place.
   */
  public static BertConfig write(OnnxGraph graph, Tokenizer tokenizer, BertConfig given, Path out)
      throws IOException {
    BertOnnxImporter.Result r = BertOnnxImporter.convert(graph, given);
    Files.createDirectories(out);
    SafeTensorsWriter.write(out.resolve(Checkpoint.SINGLE), r.tensors(), Map.of("format", "pt"));
    JsonObject json = r.config().toJson();
    json.add("architectures", ConfigJson.stringArray(List.of("BertModel")));
    ConfigJson.write(json, out.resolve(ConfigJson.FILE_NAME));
    if (tokenizer != null) {
      // An export's tokenizer.json often pads every text to a fixed length and truncates at the
      // export's sequence length (128 for all-MiniLM-L6-v2); transfer4j pads each batch to its
      // longest text and truncates at --max-length or the model's positions, so both are dropped.
      tokenizer.withPadding(null).withTruncation(null).save(out);
    }
    return r.config();
  }
}
