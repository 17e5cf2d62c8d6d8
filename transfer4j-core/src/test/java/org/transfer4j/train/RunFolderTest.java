package org.transfer4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.transfer4j.BadInputException;
import org.transfer4j.io.AtomicFiles;

/** Regression tests for runs that destroyed a model, another run or their own folder (issue 11). */
class RunFolderTest {
  @TempDir Path tmp;

  /** A folder as a finished run leaves it. */
  Path oldRun(String name) throws IOException {
    Path out = tmp.resolve(name);
    Files.createDirectories(out.resolve("checkpoint-5"));
    Files.createDirectories(out.resolve("best"));
    Files.createDirectories(out.resolve("final"));
    Files.writeString(out.resolve("checkpoint-5").resolve(TrainerState.FILE), "{}");
    Files.writeString(out.resolve("metrics.jsonl"), "{\"type\":\"train\",\"step\":5}\n");
    Files.writeString(out.resolve("task.json"), "{}");
    Files.writeString(out.resolve("vocab.txt"), "[PAD]\n");
    return out;
  }

  @Test
  void aNewRunWasSilentlyMixedIntoANonEmptyOutputFolder() throws IOException {
    Path out = oldRun("run");
    assertThatThrownBy(() -> RunFolder.claim(out, null, false, List.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--output " + out + " is not empty")
        .hasMessageContaining("--overwrite")
        .hasMessageContaining("--resume");
    assertThat(out.resolve("metrics.jsonl")).exists();
    assertThat(out.resolve(RunFolder.LOCK)).doesNotExist();
  }

  @Test
  void overwriteLeftTheOldRunsCheckpointsLogsAndTokenizerBehind() throws IOException {
    Path out = oldRun("run");
    try (RunFolder f = RunFolder.claim(out, null, true, List.of())) {
      assertThat(entries(out)).containsExactly(RunFolder.LOCK);
    }
    assertThat(entries(out)).isEmpty();
  }

  @Test
  void overwriteWouldDeleteFilesTransfer4jNeverWrote() throws IOException {
    Path out = oldRun("home");
    Files.writeString(out.resolve("thesis.tex"), "years of work");
    assertThatThrownBy(() -> RunFolder.claim(out, null, true, List.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("[thesis.tex]");
    assertThat(out.resolve("thesis.tex")).exists();
    assertThat(out.resolve("checkpoint-5")).exists();
  }

  @Test
  void resumingIntoTheRunsOwnFolderIsStillAllowed() throws IOException {
    Path out = oldRun("run");
    try (RunFolder f = RunFolder.claim(out, out.resolve("checkpoint-5"), false, List.of())) {
      assertThat(out.resolve("metrics.jsonl")).exists();
    }
    assertThatThrownBy(() -> RunFolder.claim(out, out.resolve("checkpoint-5"), true, List.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--overwrite would delete the checkpoint");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "finetuned", "a/b"})
  void anOutputFolderInsideTheModelFolderDestroyedTheModel(String inside) throws IOException {
    Path model = Files.createDirectories(tmp.resolve("bert"));
    Files.writeString(model.resolve("config.json"), "{}");
    Path out = inside.isEmpty() ? model : model.resolve(inside);
    assertThatThrownBy(() -> RunFolder.claim(out, null, true, List.of(model)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("the model folder " + model)
        .hasMessageContaining("choose another --output");
    assertThat(model.resolve("config.json")).exists();
    // A sibling of the model folder is fine.
    try (RunFolder f = RunFolder.claim(tmp.resolve("bert-ft"), null, false, List.of(model))) {
      assertThat(tmp.resolve("bert-ft").resolve(RunFolder.LOCK)).exists();
    }
  }

  @Test
  void aSecondRunIntoALockedFolderWasNotRefused() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("busy"));
    // Held by a live process other than this one: the JVM's parent (the build tool or shell).
    ProcessHandle other = ProcessHandle.current().parent().orElseThrow();
    String holder =
        other.pid() + " " + other.info().startInstant().map(Instant::toString).orElse("?");
    Files.writeString(out.resolve(RunFolder.LOCK), holder);
    assertThatThrownBy(() -> RunFolder.claim(out, null, false, List.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("is in use by another run (process " + other.pid() + ")");
    assertThat(out.resolve(RunFolder.LOCK)).hasContent(holder);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2147483000 2020-01-01T00:00:00Z", "garbage"})
  void aStaleLockOfAKilledRunBlockedTheFolderForever(String holder) throws IOException {
    Path out = Files.createDirectories(tmp.resolve("stale"));
    Files.writeString(out.resolve(RunFolder.LOCK), holder);
    try (RunFolder f = RunFolder.claim(out, null, false, List.of())) {
      assertThat(Files.readString(out.resolve(RunFolder.LOCK)))
          .startsWith(ProcessHandle.current().pid() + " ");
      // Re-entrant: the trainer inside the same process may lock it again.
      try (RunFolder inner = RunFolder.lock(out)) {
        assertThat(out.resolve(RunFolder.LOCK)).exists();
      }
      assertThat(out.resolve(RunFolder.LOCK)).exists();
    }
    assertThat(out.resolve(RunFolder.LOCK)).doesNotExist();
  }

  @Test
  void leftoversOfAKilledRunWereNeitherRecoveredNorRemoved() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("killed"));
    // Killed between moving best/ aside and moving the new one in: best/ must come back.
    Path oldBest = Files.createDirectories(out.resolve(".old-best-123456789"));
    Files.writeString(oldBest.resolve("model.safetensors"), "weights");
    // Killed while writing a checkpoint and a report: temporary files only.
    Files.createDirectories(out.resolve(".tmp-checkpoint-8-abc")).resolve("x");
    Files.writeString(out.resolve(".metrics.json123.tmp"), "{");
    Path oldFinal = Files.createDirectories(out.resolve(".old-final-42"));
    Files.createDirectories(out.resolve("final"));
    try (RunFolder f = RunFolder.lock(out)) {
      assertThat(entries(out)).containsExactlyInAnyOrder(RunFolder.LOCK, "best", "final");
    }
    assertThat(out.resolve("best").resolve("model.safetensors")).hasContent("weights");
    assertThat(oldFinal).doesNotExist();
  }

  @Test
  void anUnwritableOutputWasReportedWithAJavaExceptionClassName() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertThatThrownBy(() -> RunFolder.claim(file.resolve("out"), null, false, List.of()))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("--output " + file.resolve("out") + " is not writable (")
        .hasMessageEndingWith("); choose another --output")
        .hasMessageNotContaining("Exception");
    assertThatThrownBy(() -> Checkpoints.requireWritable(file.resolve("out")))
        .isInstanceOf(BadInputException.class)
        .hasMessageNotContaining("Exception");
  }

  @Test
  void filesWereCreatedOwnerOnlyIgnoringTheUmask() throws IOException {
    Path plain = Files.createFile(tmp.resolve("plain.txt")); // the umask's mode
    Path plainDir = Files.createDirectory(tmp.resolve("plain-dir"));
    Path atomic = tmp.resolve("report.json");
    AtomicFiles.writeString(atomic, "{}");
    assertThat(mode(atomic)).isEqualTo(mode(plain));
    assertThat(mode(AtomicFiles.createTempDirectory(tmp, ".tmp-x-"))).isEqualTo(mode(plainDir));
  }

  static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  static List<String> entries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
