package org.transfer4j.tokenize.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;

class WordCounterTest {
  static final Function<String, List<String>> SPLIT =
      t -> t.isBlank() ? List.of() : Arrays.asList(t.trim().split("\\s+"));

  @TempDir Path dir;

  @Test
  void countsInMemoryTextsOnAllWorkers() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      texts.add("a b " + (i % 3));
    }
    Map<String, Long> c = WordCounter.count(texts, SPLIT);
    assertThat(c).containsEntry("a", 5000L).containsEntry("b", 5000L).containsEntry("0", 1667L);
    assertThat(c).hasSize(5);
  }

  @Test
  void countsFilesAndFoldersSkippingHiddenFiles() throws IOException {
    Files.writeString(dir.resolve("one.txt"), "hello world\nhello\n");
    Path sub = Files.createDirectories(dir.resolve("sub"));
    Files.writeString(sub.resolve("two.txt"), "world\r\nbye");
    Files.writeString(sub.resolve(".hidden"), "secret secret");
    Map<String, Long> c = WordCounter.countFiles(List.of(dir), null, SPLIT, Progress.none());
    assertThat(c).isEqualTo(Map.of("hello", 2L, "world", 2L, "bye", 1L));
  }

  @Test
  void countsACsvColumn() throws IOException {
    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, "text,category\n\"card, lost\",a\nmy card,b\n");
    Map<String, Long> c =
        WordCounter.countFiles(
            List.of(csv), "text", t -> Arrays.asList(t.split("[ ,]+")), Progress.none());
    assertThat(c).isEqualTo(Map.of("card", 2L, "lost", 1L, "my", 1L));
    assertThatThrownBy(() -> WordCounter.countFiles(List.of(csv), "body", SPLIT, Progress.none()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(csv.toString())
        .hasMessageContaining("no column 'body'")
        .hasMessageContaining("[text, category]");
  }

  @Test
  void missingInputIsNamed() {
    Path missing = dir.resolve("nope.txt");
    assertThatThrownBy(() -> WordCounter.countFiles(List.of(missing), null, SPLIT, Progress.none()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("input file " + missing + " does not exist");
  }

  @Test
  void emptyFolderIsAClearError() {
    assertThatThrownBy(() -> WordCounter.countFiles(List.of(dir), null, SPLIT, Progress.none()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no input files");
  }

  @Test
  void splitterFailureIsRethrown() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      texts.add("x");
    }
    assertThatThrownBy(
            () ->
                WordCounter.count(
                    texts,
                    t -> {
                      throw new IllegalStateException("boom");
                    }))
        .hasMessageContaining("boom");
  }

  @Test
  void progressBarGoesToItsStream() throws IOException {
    Files.writeString(dir.resolve("a.txt"), "x y\n");
    var bytes = new java.io.ByteArrayOutputStream();
    WordCounter.countFiles(
        List.of(dir), null, SPLIT, Progress.to(new java.io.PrintStream(bytes, true)));
    assertThat(bytes.toString()).contains("Count words").contains("4/4");
  }
}
