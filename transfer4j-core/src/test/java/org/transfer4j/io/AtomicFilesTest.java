package org.transfer4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private long filesIn(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    }
  }

  @Test
  void writesIntoNewFoldersAndReplacesOldContent() throws IOException {
    Path file = dir.resolve("a/b/report.json");
    AtomicFiles.writeString(file, "first");
    AtomicFiles.writeString(file, "é second");
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("é second");
    AtomicFiles.writeBytes(file, new byte[] {1, 2, 3});
    assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
    assertThat(filesIn(file.getParent())).isEqualTo(1);
  }

  @Test
  void failedBodyLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path file = dir.resolve("model.safetensors");
    AtomicFiles.writeString(file, "old");
    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    file,
                    tmp -> {
                      Files.writeString(tmp, "half");
                      throw new IOException("disk full");
                    }))
        .hasMessage("disk full");
    assertThat(Files.readString(file)).isEqualTo("old");
    assertThat(filesIn(dir)).isEqualTo(1);
  }
}
