package org.transfer4j.model.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.transfer4j.BadInputException;
import org.transfer4j.io.Checkpoint;
import org.transfer4j.io.TensorInfo;
import org.transfer4j.nn.Parameter;

/**
 * Loads and saves GPT-2 in Hugging Face folders ({@code config.json} + {@code model.safetensors}).
 *
 * <p>Two key layouts exist on the hub and both load: the original {@code gpt2} checkpoint has no
 * prefix ({@code h.0.attn.c_attn.weight}) and no {@code lm_head.weight}; {@code GPT2LMHeadModel}
 * saved by transformers prefixes {@code transformer.}. The head is tied to {@code wte}, so a stored
 * {@code lm_head.weight} is ignored, and the causal-mask buffers {@code attn.bias} / {@code
 * attn.masked_bias} of older checkpoints are not parameters. We save in the {@code transformer.}
 * layout without {@code lm_head.weight}, which is what {@code GPT2LMHeadModel.save_pretrained}
 * writes and what both transformers and this class read back.
 *
 * <pre>{@code
 * Gpt2Pretrained.Loaded loaded = Gpt2Pretrained.load(Path.of("gpt2"), manager);
 * loaded.report().requireComplete();
 * Gpt2Pretrained.save(loaded.model(), Path.of("out/gpt2"));
 * }</pre>
 */
public final class Gpt2Pretrained {
  private Gpt2Pretrained() {}

  /** What loading found: parameters loaded, left at initialisation, ignored, wrong shape. */
  public record Report(
      List<String> loaded, List<String> missing, List<String> unexpected, List<String> mismatched) {
    /** Throws when a parameter was not loaded or a tensor had the wrong shape. */
    public Report requireComplete() {
      if (!missing.isEmpty() || !mismatched.isEmpty()) {
        throw new BadInputException(
            "checkpoint does not fit the GPT-2 configuration: missing "
                + missing
                + ", wrong shape "
                + mismatched);
      }
      return this;
    }
  }

  /** A loaded model and how its weights matched the checkpoint. */
  public record Loaded(Gpt2LMHeadModel model, Report report) {}

  /**
   * The parameter name of a checkpoint key in {@link Gpt2LMHeadModel}, or empty for keys that are
   * not parameters here (the tied {@code lm_head.weight}, causal-mask buffers).
   */
  public static Optional<String> parameterName(String key) {
    if (key.equals("lm_head.weight")
        || key.endsWith(".attn.bias")
        || key.endsWith(".attn.masked_bias")) {
      return Optional.empty();
    }
    return Optional.of(key.startsWith("transformer.") ? key : "transformer." + key);
  }

  /** Reads {@code config.json} and the weights of a Hugging Face GPT-2 folder. */
  public static Loaded load(Path dir, NDManager manager) throws IOException {
    Gpt2Config config = Gpt2Config.fromJson(dir.resolve("config.json"));
    Gpt2LMHeadModel model = new Gpt2LMHeadModel(manager, config);
    try (Checkpoint ckpt = Checkpoint.open(dir)) {
      Report report = loadInto(model, ckpt);
      model.train(false);
      return new Loaded(model, report);
    }
  }

  /** Copies the checkpoint's tensors into the model's parameters by Hugging Face name. */
  public static Report loadInto(Gpt2LMHeadModel model, Checkpoint ckpt) {
    Map<String, Parameter> params = model.namedParameters();
    Set<String> pending = new TreeSet<>(params.keySet());
    List<String> loaded = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    for (String key : new TreeSet<>(ckpt.names())) {
      Optional<String> name = parameterName(key);
      if (name.isEmpty()) {
        continue;
      }
      Parameter p = params.get(name.get());
      if (p == null) {
        unexpected.add(key);
        continue;
      }
      TensorInfo info = ckpt.info(key);
      if (!java.util.Arrays.equals(info.shape(), p.shape().getShape())) {
        mismatched.add(
            key
                + ": checkpoint "
                + java.util.Arrays.toString(info.shape())
                + " vs model "
                + p.shape());
        pending.remove(name.get());
        continue;
      }
      try (NDManager tmp = p.value().getManager().newSubManager()) {
        p.copyFrom(ckpt.toNDArray(key, tmp));
      }
      loaded.add(key);
      pending.remove(name.get());
    }
    return new Report(
        List.copyOf(loaded),
        List.copyOf(pending),
        List.copyOf(unexpected),
        List.copyOf(mismatched));
  }

  /**
   * Writes {@code config.json} and {@code model.safetensors} into {@code dir} (created if needed),
   * each to a temporary file moved into place.
   */
  public static void save(Gpt2LMHeadModel model, Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      tensors.put(e.getKey(), e.getValue().value());
    }
    org.transfer4j.io.SafeTensorsWriter.write(
        dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
    Path tmp = Files.createTempFile(dir, "config", ".json.tmp");
    Files.writeString(tmp, model.config().toJson(), StandardCharsets.UTF_8);
    Files.move(
        tmp,
        dir.resolve("config.json"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
