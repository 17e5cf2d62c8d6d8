package org.transfer4j.train;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.transfer4j.BadInputException;
import org.transfer4j.io.AtomicFiles;
import org.transfer4j.io.SafeTensorsFile;
import org.transfer4j.io.SafeTensorsWriter;
import org.transfer4j.io.TensorInfo;
import org.transfer4j.nn.Module;
import org.transfer4j.nn.Parameter;

/**
 * Checkpoint directories: the model files the task's {@link ModelSaver} writes (a Hugging Face
 * folder), plus {@value TrainerState#FILE} and {@value #OPTIMIZER}. A directory is written under a
 * temporary name and renamed into place, so a crash never leaves half a checkpoint.
 *
 * <pre>{@code
 * out/checkpoint-400/{model.safetensors, config.json, trainer_state.json, optimizer.safetensors}
 * out/best/...   out/final/...
 * }</pre>
 */
public final class Checkpoints {
  public static final String OPTIMIZER = "optimizer.safetensors";
  public static final String PREFIX = "checkpoint-";

  private Checkpoints() {}

  /** The parameters as {@code name (d0, d1)}, in order: equal lists mean compatible models. */
  public static List<String> fingerprint(Module model) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      out.add(e.getKey() + " " + e.getValue().shape());
    }
    return out;
  }

  /** Writes a checkpoint to {@code target} atomically (replacing an older one). */
  public static void save(Path target, TrainerState state, ModelSaver saver, Optimizer optimizer)
      throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = AtomicFiles.createTempDirectory(parent, ".tmp-" + target.getFileName() + "-");
    try {
      saver.save(tmp);
      if (optimizer != null) {
        Map<String, NDArray> tensors = new LinkedHashMap<>(optimizer.stateTensors());
        SafeTensorsWriter.write(
            tmp.resolve(OPTIMIZER),
            tensors,
            Map.of("optimizer", optimizer.kind(), "step", Long.toString(optimizer.stepCount())));
      }
      Files.writeString(tmp.resolve(TrainerState.FILE), state.toJson(), StandardCharsets.UTF_8);
      Path old = null;
      if (Files.exists(target)) {
        old = parent.resolve(".old-" + target.getFileName() + "-" + System.nanoTime());
        Files.move(target, old);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target);
      }
      if (old != null) {
        deleteTree(old);
      }
    } finally {
      if (Files.exists(tmp)) {
        deleteTree(tmp);
      }
    }
  }

  /** Creates the output directory and proves it writable, before any training starts. */
  public static void requireWritable(Path out) {
    try {
      Files.createDirectories(out);
      Path probe = Files.createTempFile(out, ".write-test", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw new BadInputException(
          "output directory "
              + out
              + " is not writable ("
              + org.transfer4j.io.IoErrors.reason(e)
              + "); choose another --output or fix its permissions");
    }
  }

  /** Reads {@value TrainerState#FILE}; a clear error when the directory is not a checkpoint. */
  public static TrainerState readState(Path dir) throws IOException {
    Path file = dir.resolve(TrainerState.FILE);
    if (!Files.isDirectory(dir) || !Files.isRegularFile(file)) {
      throw new BadInputException(
          "cannot resume from "
              + dir
              + ": no "
              + TrainerState.FILE
              + " there; give a checkpoint directory such as OUTPUT/checkpoint-1000 or OUTPUT/best");
    }
    return TrainerState.fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Fails, before anything is loaded, when {@code dir} lacks the weights ({@value
   * ModuleSaver#WEIGHTS}) or the optimizer state ({@value #OPTIMIZER}) a resume needs, naming the
   * missing file and the run's complete checkpoints to resume from instead. (The loaders' own
   * messages named only the file and told the user to give "a directory written by the trainer",
   * which it was.)
   */
  public static void requireComplete(Path dir) throws IOException {
    for (String name : List.of(ModuleSaver.WEIGHTS, OPTIMIZER)) {
      if (Files.isRegularFile(dir.resolve(name))) {
        continue;
      }
      Path run = dir.toAbsolutePath().normalize().getParent();
      List<String> complete = new java.util.ArrayList<>();
      if (run != null) {
        List<Path> candidates = new java.util.ArrayList<>(periodic(run));
        java.util.Collections.reverse(candidates); // newest first
        candidates.add(run.resolve("best"));
        for (Path c : candidates) {
          if (!c.equals(dir.toAbsolutePath().normalize())
              && Files.isRegularFile(c.resolve(TrainerState.FILE))
              && Files.isRegularFile(c.resolve(ModuleSaver.WEIGHTS))
              && Files.isRegularFile(c.resolve(OPTIMIZER))) {
            complete.add(c.toString());
          }
        }
      }
      String what =
          name.equals(OPTIMIZER) ? " (the optimizer's moments and step)" : " (the model's weights)";
      throw new BadInputException(
          "cannot resume from "
              + dir
              + ": "
              + dir.resolve(name)
              + what
              + " is missing; the run was stopped while saving or the file was deleted; "
              + (complete.isEmpty()
                  ? "no other complete checkpoint in " + run + ": start the run again"
                  : "resume from a complete checkpoint of the run instead: --resume "
                      + String.join(
                          " or --resume ", complete.subList(0, Math.min(2, complete.size())))));
    }
  }

  /** Fails unless the checkpoint was saved from a model with the same parameters. */
  public static void checkFingerprint(Path dir, TrainerState state, List<String> model) {
    if (state.fingerprint().equals(model)) {
      return;
    }
    String detail =
        "it has " + state.fingerprint().size() + " parameters, the model has " + model.size();
    for (int i = 0; i < Math.min(state.fingerprint().size(), model.size()); i++) {
      if (!state.fingerprint().get(i).equals(model.get(i))) {
        detail =
            "parameter "
                + i
                + " is '"
                + state.fingerprint().get(i)
                + "' there but '"
                + model.get(i)
                + "' in the model";
        break;
      }
    }
    throw new BadInputException(
        "cannot resume from "
            + dir
            + ": the checkpoint is of another model ("
            + detail
            + "); resume with the model configuration it was trained with");
  }

  /** Restores the optimizer's step count and moments. */
  public static void loadOptimizer(Path dir, Optimizer optimizer) throws IOException {
    Path file = dir.resolve(OPTIMIZER);
    if (!Files.isRegularFile(file)) {
      throw new BadInputException("cannot resume from " + dir + ": no " + OPTIMIZER + " there");
    }
    try (SafeTensorsFile st = SafeTensorsFile.open(file)) {
      String kind = st.metadata().getOrDefault("optimizer", "?");
      if (!kind.equals(optimizer.kind())) {
        throw new BadInputException(
            file + " holds " + kind + " state but the run uses --optimizer " + optimizer.kind());
      }
      Map<String, float[]> tensors = new LinkedHashMap<>();
      for (TensorInfo t : st.tensors()) {
        tensors.put(t.name(), st.readFloats(t.name()));
      }
      optimizer.loadState(Long.parseLong(st.metadata().getOrDefault("step", "0")), tensors);
    }
  }

  /** Periodic checkpoints in {@code output}, oldest first. */
  public static List<Path> periodic(Path output) throws IOException {
    if (!Files.isDirectory(output)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(output)) {
      return s.filter(p -> p.getFileName().toString().matches(PREFIX + "\\d+"))
          .sorted(
              Comparator.comparingLong(
                  p -> Long.parseLong(p.getFileName().toString().substring(PREFIX.length()))))
          .toList();
    }
  }

  /** Deletes all but the newest {@code keep} periodic checkpoints. */
  public static void keepLast(Path output, int keep) throws IOException {
    List<Path> all = periodic(output);
    for (int i = 0; i < all.size() - keep; i++) {
      deleteTree(all.get(i));
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
