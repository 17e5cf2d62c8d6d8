package org.transfer4j.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.transfer4j.BadInputException;

/**
 * The weights of a Hugging Face model folder: {@code model.safetensors}, or the shards listed in
 * {@code model.safetensors.index.json} ({@code "weight_map": {tensor: shard file}}). Folders with
 * only {@code pytorch_model.bin} (a pickle, which can run arbitrary code) are refused with the
 * one-line Python command that converts them. For a sharded checkpoint the index is the truth:
 * every tensor it maps must be in its shard, and tensors a shard holds beyond the index are not
 * exposed.
 *
 * <pre>{@code
 * try (Checkpoint ckpt = Checkpoint.open(Path.of("models/bert-base-uncased"));
 *     NDManager m = NDManager.newBaseManager()) {
 *   NDArray w = ckpt.toNDArray("bert.embeddings.word_embeddings.weight", m);
 * }
 * }</pre>
 */
public final class Checkpoint implements AutoCloseable {
  public static final String SINGLE = "model.safetensors";
  public static final String INDEX = "model.safetensors.index.json";

  private static final long MAX_INDEX_BYTES = 100_000_000L;

  private final Path location;
  private final List<SafeTensorsFile> files;
  private final Map<String, SafeTensorsFile> byName;

  private Checkpoint(Path location, List<SafeTensorsFile> files, Map<String, SafeTensorsFile> m) {
    this.location = location;
    this.files = List.copyOf(files);
    this.byName = Collections.unmodifiableMap(m);
  }

  /**
   * Opens the weights in {@code dir} (a model folder), or a single {@code .safetensors} file or an
   * index file given directly.
   *
   * @throws BadInputException when the folder has no safetensors weights (with a conversion hint
   *     for {@code pytorch_model.bin}), a shard is missing, or a file is invalid
   */
  public static Checkpoint open(Path dir) throws IOException {
    if (Files.isRegularFile(dir)) {
      String name = dir.getFileName().toString();
      if (name.endsWith(".index.json")) {
        return openIndex(dir);
      }
      if (name.endsWith(".bin") || name.endsWith(".pt") || name.endsWith(".pth")) {
        throw new BadInputException(conversionHint(dir.toAbsolutePath().getParent(), name));
      }
      return single(dir);
    }
    if (!Files.isDirectory(dir)) {
      throw new BadInputException("checkpoint folder " + dir + " does not exist");
    }
    if (Files.isRegularFile(dir.resolve(SINGLE))) {
      return single(dir.resolve(SINGLE));
    }
    if (Files.isRegularFile(dir.resolve(INDEX))) {
      return openIndex(dir.resolve(INDEX));
    }
    for (String pickle : List.of("pytorch_model.bin", "pytorch_model.bin.index.json")) {
      if (Files.exists(dir.resolve(pickle))) {
        throw new BadInputException(conversionHint(dir, pickle));
      }
    }
    List<String> others;
    try (Stream<Path> files = Files.list(dir)) {
      others =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".safetensors"))
              .sorted()
              .limit(5)
              .toList();
    }
    if (Files.isRegularFile(dir.resolve("trainer_state.json"))) {
      // A transfer4j training checkpoint (checkpoint-N, best/) whose weights file is gone: the
      // Hugging Face advice below would point at the wrong tool.
      throw new BadInputException(
          "checkpoint folder "
              + dir
              + " is a training checkpoint without its "
              + SINGLE
              + " (the run was stopped while saving it, or the file was deleted); pass another"
              + " checkpoint of the run (OUTPUT/checkpoint-N, OUTPUT/best or OUTPUT/final)");
    }
    throw new BadInputException(
        "checkpoint folder "
            + dir
            + " has neither "
            + SINGLE
            + " nor "
            + INDEX
            + (others.isEmpty()
                ? "; point to a Hugging Face model folder saved with safe_serialization=True"
                : "; it has " + String.join(", ", others) + ": pass that file's path instead"));
  }

  /** The message for folders that hold only PyTorch pickles. */
  static String conversionHint(Path dir, String pickle) {
    Path d = dir.toAbsolutePath();
    return "checkpoint folder "
        + d
        + " has only "
        + pickle
        + " (a PyTorch pickle, which transfer4j does not load because unpickling can run code);"
        + " convert it to safetensors once in Python: python -c \"import torch;"
        + " from safetensors.torch import save_file; save_file(torch.load('"
        + d.resolve("pytorch_model.bin")
        + "', map_location='cpu'), '"
        + d.resolve(SINGLE)
        + "', metadata={'format': 'pt'})\""
        + " (if it reports shared tensors, load the model with transformers and call"
        + " model.save_pretrained('"
        + d
        + "', safe_serialization=True))";
  }

  private static Checkpoint single(Path file) throws IOException {
    SafeTensorsFile f = SafeTensorsFile.open(file);
    Map<String, SafeTensorsFile> m = new LinkedHashMap<>();
    for (TensorInfo t : f.tensors()) {
      m.put(t.name(), f);
    }
    return new Checkpoint(file, List.of(f), m);
  }

  private static Checkpoint openIndex(Path index) throws IOException {
    Path dir = index.toAbsolutePath().getParent();
    JsonObject weightMap = readWeightMap(index);
    Map<String, SafeTensorsFile> shards = new LinkedHashMap<>();
    Map<String, SafeTensorsFile> byName = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, JsonElement> e : weightMap.entrySet()) {
        String tensor = e.getKey();
        JsonElement v = e.getValue();
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
          throw new BadInputException(
              "index " + index + ": weight_map." + tensor + " must be a shard file name");
        }
        String shardName = v.getAsString();
        SafeTensorsFile shard = shards.get(shardName);
        if (shard == null) {
          Path shardPath = dir.resolve(shardName).normalize();
          if (shardName.isEmpty() || !shardPath.getParent().equals(dir.normalize())) {
            throw new BadInputException(
                "index "
                    + index
                    + ": weight_map."
                    + tensor
                    + " names shard '"
                    + shardName
                    + "', which is not a file in the index's folder");
          }
          if (!Files.isRegularFile(shardPath)) {
            throw new BadInputException(
                "index "
                    + index
                    + " maps tensor "
                    + tensor
                    + " to shard "
                    + shardName
                    + ", which does not exist in "
                    + dir
                    + " (download every shard listed in the index)");
          }
          shard = SafeTensorsFile.open(shardPath);
          shards.put(shardName, shard);
        }
        if (!shard.has(tensor)) {
          throw new BadInputException(
              "index "
                  + index
                  + " maps tensor "
                  + tensor
                  + " to shard "
                  + shardName
                  + ", but that shard has no such tensor (the index and shards disagree)");
        }
        byName.put(tensor, shard);
      }
    } catch (IOException | RuntimeException e) {
      for (SafeTensorsFile f : shards.values()) {
        f.close();
      }
      throw e;
    }
    return new Checkpoint(index, new ArrayList<>(shards.values()), byName);
  }

  private static JsonObject readWeightMap(Path index) throws IOException {
    if (Files.size(index) > MAX_INDEX_BYTES) {
      throw new BadInputException("index " + index + " is larger than 100 MB; it is not an index");
    }
    JsonElement root;
    try (Reader in = Files.newBufferedReader(index, StandardCharsets.UTF_8);
        JsonReader r = new JsonReader(in)) {
      r.setStrictness(Strictness.STRICT);
      root = JsonParser.parseReader(r);
    } catch (JsonParseException | IllegalStateException e) {
      // Gson wraps syntax errors, too-deep nesting and malformed UTF-8 in JsonParseException.
      throw new BadInputException(
          "index " + index + " is not valid JSON: " + SafeTensorsHeader.jsonError(e), e);
    }
    if (!root.isJsonObject()
        || !root.getAsJsonObject().has("weight_map")
        || !root.getAsJsonObject().get("weight_map").isJsonObject()) {
      throw new BadInputException(
          "index " + index + " has no \"weight_map\" object (tensor name -> shard file)");
    }
    return root.getAsJsonObject().getAsJsonObject("weight_map");
  }

  /** The checkpoint file or index this was opened from. */
  public Path location() {
    return location;
  }

  /** The opened safetensors files (one, or one per shard). */
  public List<SafeTensorsFile> files() {
    return files;
  }

  /** Tensor names, in file (or index) order. */
  public Set<String> names() {
    return byName.keySet();
  }

  /** Whether the checkpoint has the tensor. */
  public boolean has(String name) {
    return byName.containsKey(name);
  }

  /** The tensor's header entry, if present. */
  public Optional<TensorInfo> find(String name) {
    SafeTensorsFile f = byName.get(name);
    return f == null ? Optional.empty() : f.find(name);
  }

  /** The tensor's header entry; a {@link BadInputException} naming the checkpoint if absent. */
  public TensorInfo info(String name) {
    return file(name).info(name);
  }

  /** The metadata of the first file ({@code "__metadata__"}). */
  public Map<String, String> metadata() {
    return files.isEmpty() ? Map.of() : files.get(0).metadata();
  }

  /** See {@link SafeTensorsFile#readFloats(String)}. */
  public float[] readFloats(String name) {
    return file(name).readFloats(name);
  }

  /** See {@link SafeTensorsFile#readLongs(String)}. */
  public long[] readLongs(String name) {
    return file(name).readLongs(name);
  }

  /** See {@link SafeTensorsFile#toNDArray(String, NDManager)}. */
  public NDArray toNDArray(String name, NDManager manager) {
    return file(name).toNDArray(name, manager);
  }

  private SafeTensorsFile file(String name) {
    SafeTensorsFile f = byName.get(name);
    if (f == null) {
      throw new BadInputException(
          "checkpoint "
              + location
              + " has no tensor "
              + SafeTensorsHeader.quote(name)
              + " ("
              + byName.size()
              + " tensors; run `transfer4j inspect` to list them)");
    }
    return f;
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (SafeTensorsFile f : files) {
      try {
        f.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "Checkpoint[" + location + ", " + byName.size() + " tensors]";
  }
}
