package org.transfer4j.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.transfer4j.BadInputException;

/**
 * The output folder of one run, claimed before anything is written: it refuses a folder that holds
 * another run (unless that run is being resumed or {@code --overwrite} is given), a folder inside a
 * model folder the run reads, and a folder another live run writes to; it recovers what a killed
 * run left half-moved and, with {@code --overwrite}, removes the old run's files first so the
 * folder always holds one consistent run.
 *
 * <pre>{@code
 * try (RunFolder run = RunFolder.claim(out, resume, overwrite, List.of(modelDir))) {
 *   ... train into out ...
 * } // the lock is released
 * }</pre>
 *
 * <p>The lock is a file {@value #LOCK} holding the owner's pid and start time. A lock whose process
 * is gone (kill -9, power loss) is stale and taken over; the start time tells a reused pid apart.
 * Claims are re-entrant within one process, so a pipeline and the {@link Trainer} it runs can both
 * claim the same folder.
 */
public final class RunFolder implements AutoCloseable {
  public static final String LOCK = ".transfer4j.lock";

  /** What transfer4j writes into a run folder; {@code --overwrite} removes only these. */
  private static final Set<String> RUN_FILES =
      Set.of(
          "best",
          "final",
          "metrics.jsonl",
          "task.json",
          "tensorboard",
          "plots",
          "report",
          "load_report.txt",
          "config.json",
          "model.safetensors",
          "generation_config.json",
          TrainerState.FILE,
          Checkpoints.OPTIMIZER,
          "tokenizer.json",
          "tokenizer_config.json",
          "special_tokens_map.json",
          "vocab.txt",
          "vocab.json",
          "merges.txt",
          "tokenizer_report.txt",
          // quickstart
          "data",
          "tokenizer",
          "pretrained",
          "probe",
          "finetuned",
          "scratch",
          "builtin",
          "summary.md",
          "summary.json");

  /** What {@code tokenizer train} writes. */
  public static final Set<String> TOKENIZER_FILES =
      Set.of(
          "tokenizer.json",
          "tokenizer_config.json",
          "special_tokens_map.json",
          "vocab.txt",
          "vocab.json",
          "merges.txt");

  private static final Pattern CHECKPOINT = Pattern.compile(Checkpoints.PREFIX + "\\d+");
  private static final Pattern LEFTOVER =
      Pattern.compile("^\\.(tmp-|old-|.*\\.tmp$|.*\\.partial$)");

  private final Path lock;
  private final boolean owner;
  private final boolean created;

  private RunFolder(Path lock, boolean owner, boolean created) {
    this.lock = lock;
    this.owner = owner;
    this.created = created;
  }

  /**
   * Claims {@code output} for a run: locks it, recovers leftovers of a killed run, and refuses it
   * when it holds another run (unless {@code resume} lies inside it, or {@code overwrite}, which
   * removes that run first) or lies inside one of {@code inputs} (model folders the run reads).
   */
  public static RunFolder claim(
      Path output, Path resume, boolean overwrite, Collection<Path> inputs) {
    return claim(output, resume, overwrite, inputs, RunFolder::isRunFile, true);
  }

  /**
   * {@link #claim} for a run that cannot be resumed and writes only the files {@code own} accepts
   * (e.g. {@link #TOKENIZER_FILES}, or {@link #isRunFile}): {@code --overwrite} removes those and
   * refuses a folder holding others.
   */
  public static RunFolder claim(
      Path output,
      boolean overwrite,
      Collection<Path> inputs,
      java.util.function.Predicate<String> own) {
    return claim(output, null, overwrite, inputs, own, false);
  }

  /** Whether transfer4j's training runs write an entry of this name into a run folder. */
  public static boolean isRunFile(String name) {
    return RUN_FILES.contains(name) || CHECKPOINT.matcher(name).matches();
  }

  private static RunFolder claim(
      Path output,
      Path resume,
      boolean overwrite,
      Collection<Path> inputs,
      java.util.function.Predicate<String> own,
      boolean resumable) {
    Path out = output.toAbsolutePath().normalize();
    for (Path input : inputs) {
      if (input == null || !Files.isDirectory(input)) {
        continue;
      }
      Path in = real(input);
      if (real(out).startsWith(in)) {
        throw new BadInputException(
            "--output "
                + output
                + " is "
                + (real(out).equals(in) ? "the model folder " : "inside the model folder ")
                + input
                + " this run reads; writing there would destroy the model: choose another"
                + " --output");
      }
    }
    boolean resuming =
        resume != null
            && resume.toAbsolutePath().normalize().startsWith(out)
            && !out.equals(resume);
    if (overwrite && resuming) {
      throw new BadInputException(
          "--overwrite would delete the checkpoint --resume "
              + resume
              + " continues from; give one of them");
    }
    RunFolder run = lock(output);
    try {
      List<String> others = new ArrayList<>();
      List<Path> old = new ArrayList<>();
      for (Path p : entries(out)) {
        String name = p.getFileName().toString();
        if (name.equals(LOCK) || name.equals("cache") || name.equals("cache-validation")) {
          // Token caches (masked-LM and causal-LM pretraining) are checked against their corpus
          // and tokenizer on reuse.
          continue;
        }
        old.add(p);
        if (!own.test(name)) {
          others.add(name);
        }
      }
      if (old.isEmpty() || resuming) {
        return run;
      }
      if (!overwrite) {
        throw new BadInputException(
            "--output "
                + output
                + " is not empty (it holds "
                + names(old)
                + "); give --overwrite to replace the run there, "
                + (resumable ? "--resume " + output + "/checkpoint-N to continue it, " : "")
                + "or another --output");
      }
      if (!others.isEmpty()) {
        throw new BadInputException(
            "--overwrite removes only what transfer4j wrote, but --output "
                + output
                + " also holds "
                + others.stream().sorted().limit(5).toList()
                + "; choose another --output");
      }
      for (Path p : old) {
        Checkpoints.deleteTree(p);
      }
      return run;
    } catch (IOException e) {
      run.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      run.close();
      throw e;
    }
  }

  /**
   * Locks {@code output} (creating it) and recovers leftovers of a killed run, without the
   * emptiness checks of {@link #claim}; {@link Trainer#fit} uses this.
   */
  public static RunFolder lock(Path output) {
    try {
      boolean created = !Files.exists(output);
      Files.createDirectories(output);
      Path lock = output.resolve(LOCK);
      String me = describe(ProcessHandle.current());
      for (int attempt = 0; ; attempt++) {
        try {
          Files.writeString(
              lock, me, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
          recoverLeftovers(output);
          return new RunFolder(lock, true, created);
        } catch (FileAlreadyExistsException e) {
          String holder;
          try {
            holder = Files.readString(lock, StandardCharsets.UTF_8).strip();
          } catch (NoSuchFileException gone) {
            continue; // released meanwhile
          }
          if (holder.equals(me)) {
            return new RunFolder(lock, false, false); // this process already holds it
          }
          if (alive(holder) || attempt > 5) {
            throw new BadInputException(
                "--output "
                    + output
                    + " is in use by another run (process "
                    + holder.split(" ")[0]
                    + "); wait for it to finish or choose another --output");
          }
          Files.deleteIfExists(lock); // stale: its process is gone
        }
      }
    } catch (IOException e) {
      throw new BadInputException(
          "--output "
              + output
              + " is not writable ("
              + org.transfer4j.io.IoErrors.reason(e)
              + "); choose another --output",
          e);
    }
  }

  /**
   * Puts back a {@code best/} or {@code final/} a killed run had moved aside ({@code .old-NAME-*})
   * but not yet replaced, and deletes temporary files and folders ({@code .tmp-*}, {@code *.tmp},
   * {@code *.partial}).
   */
  static void recoverLeftovers(Path output) throws IOException {
    for (Path p : entries(output)) {
      String name = p.getFileName().toString();
      if (!LEFTOVER.matcher(name).find()) {
        continue;
      }
      if (name.startsWith(".old-")) {
        String target = name.substring(".old-".length()).replaceFirst("-\\d+$", "");
        Path t = output.resolve(target);
        if (!target.isEmpty() && !Files.exists(t) && Files.isDirectory(p)) {
          Files.move(p, t);
          continue;
        }
      }
      Checkpoints.deleteTree(p);
    }
  }

  private static List<Path> entries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      s.forEach(out::add);
    }
    out.sort(null);
    return out;
  }

  private static String names(List<Path> paths) {
    List<String> n = new ArrayList<>();
    for (int i = 0; i < Math.min(5, paths.size()); i++) {
      n.add(paths.get(i).getFileName().toString());
    }
    return String.join(", ", n) + (paths.size() > 5 ? ", ..." : "");
  }

  private static String describe(ProcessHandle p) {
    return p.pid() + " " + p.info().startInstant().map(Instant::toString).orElse("?");
  }

  /** Whether the lock's process still runs (same pid and same start time). */
  private static boolean alive(String holder) {
    String[] parts = holder.split(" ");
    try {
      Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(parts[0]));
      return p.isPresent()
          && p.get().isAlive()
          && (parts.length < 2 || parts[1].equals("?") || describe(p.get()).equals(holder));
    } catch (NumberFormatException e) {
      return false; // not a lock we wrote
    }
  }

  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      Path parent = p.toAbsolutePath().normalize().getParent();
      return parent == null ? p.toAbsolutePath() : real(parent).resolve(p.getFileName());
    }
  }

  /**
   * Releases the lock (when this claim took it) and removes the folder again when this claim
   * created it and the run wrote nothing (it failed on bad input before training).
   */
  @Override
  public void close() {
    if (owner) {
      try {
        Files.deleteIfExists(lock);
        if (created) {
          try (DirectoryStream<Path> s = Files.newDirectoryStream(lock.getParent())) {
            if (!s.iterator().hasNext()) {
              Files.delete(lock.getParent());
            }
          }
        }
      } catch (IOException e) {
        // the next run detects the lock as stale
      }
    }
  }
}
