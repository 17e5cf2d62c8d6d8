package org.transfer4j.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.data.ClassificationColumns;
import org.transfer4j.data.ClassificationReader;
import org.transfer4j.data.TextExample;

class BuiltinDataTest {
  @TempDir Path dir;

  @Test
  void writesCorpusAndSplitsDeterministically() throws IOException {
    QuickstartData a = new BuiltinData(500).write(dir.resolve("a"), 3);
    QuickstartData b = new BuiltinData(500).write(dir.resolve("b"), 3);
    assertThat(a.corpusLines()).isEqualTo(500);
    assertThat(a.sizes()).containsExactly(6 * 6 * 8, 6 * 6 * 8, 6 * 12 * 8);
    assertThat(a.labels()).isEqualTo(6);
    for (String f : List.of("corpus.txt", "train.csv", "validation.csv", "test.csv")) {
      assertThat(Files.readString(a.corpus().resolveSibling(f)))
          .as(f)
          .isEqualTo(Files.readString(b.corpus().resolveSibling(f)));
    }
  }

  /** The point of the data set: test words never occur in a labelled training text. */
  @Test
  void testWordsAreUnseenInTrainingButOccurInTheCorpus() throws IOException {
    QuickstartData d = new BuiltinData(2000).write(dir, 5);
    Set<String> trainWords = words(d.train());
    Set<String> testOnly = words(d.test());
    testOnly.removeAll(trainWords);
    // 12 topic words per topic are new; the template words are shared.
    assertThat(testOnly).hasSize(6 * 12).contains("zebra", "ukulele", "cardigan");
    String corpus = Files.readString(d.corpus());
    for (String w : testOnly) {
      assertThat(corpus).as(w).containsPattern("\\b" + w + "\\b");
    }
    assertThat(ClassificationReader.read(d.test(), ClassificationColumns.defaults()))
        .extracting(e -> e.labels().get(0))
        .containsOnlyElementsOf(BuiltinData.TOPICS);
  }

  @Test
  void rejectsATinyCorpus() {
    assertThatThrownBy(() -> new BuiltinData(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 100");
  }

  private static Set<String> words(Path csv) throws IOException {
    Set<String> out = new HashSet<>();
    for (TextExample e : ClassificationReader.read(csv, ClassificationColumns.defaults())) {
      out.addAll(List.of(e.text().split(" ")));
    }
    return out;
  }
}
