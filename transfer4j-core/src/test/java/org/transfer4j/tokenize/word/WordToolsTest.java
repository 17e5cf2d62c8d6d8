package org.transfer4j.tokenize.word;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.BadInputException;

class WordToolsTest {
  @TempDir Path dir;

  /** Expected outputs from NLTK's documentation and Python's re/str semantics. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "Good muffins cost $3.88\\nin New York.  Please buy me\\ntwo of them.\\n\\nThanks."
            + "|Good,muffins,cost,$,3,.,88,in,New,York,.,Please,buy,me,two,of,them,.,Thanks,.",
        "Why isn't my top-up working?!|Why,isn,',t,my,top,-,up,working,?!",
        "snake_case x²|snake_case,x²",
        // a combining mark is not \\w in Python: it stands alone
        "nai\\u0308ve|nai,\\u0308,ve",
        "\\t\\n|",
      })
  void wordPunct(String text, String expected) {
    assertThat(WordTokenizer.wordPunct().tokenize(unescape(text))).isEqualTo(split(expected));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "  my card\\u00a0is\\tlost |my,card,is,lost",
        "a\\u2003b\\u0085c\\u001fd|a,b,c,d",
        // zero-width space is a format char, not a space
        "a\\u200bb|a\\u200bb",
      })
  void whitespace(String text, String expected) {
    assertThat(WordTokenizer.whitespace().tokenize(unescape(text))).isEqualTo(split(expected));
  }

  @Test
  void vocabularyOrdersByFrequencyThenToken() {
    Map<String, Long> counts = Map.of("card", 5L, "lost", 2L, "a", 2L, "the", 9L, "zz", 1L);
    Vocabulary v = Vocabulary.build(counts, 2, 100);
    assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "the", "card", "a", "lost");
    assertThat(Vocabulary.build(counts, 1, 4).tokens())
        .containsExactly("<pad>", "<unk>", "the", "card");
    assertThat(v.encode(List.of("card", "zz", "the"))).containsExactly(3, 1, 2);
    assertThat(v.id("<pad>")).isZero();
  }

  @Test
  void vocabularySavesAndLoads() throws IOException {
    Vocabulary v =
        Vocabulary.build(
            List.of("my card is lost", "my card"), WordTokenizer.whitespace(), 1, 1000);
    Path f = dir.resolve("sub/vocab.txt");
    v.save(f);
    assertThat(Files.readAllLines(f)).containsExactly("<pad>", "<unk>", "card", "my", "is", "lost");
    assertThat(Vocabulary.load(f).tokens()).isEqualTo(v.tokens());
    assertThat(Files.list(f.getParent())).hasSize(1); // no temp file left behind
  }

  @Test
  void badVocabularyFilesNameFileAndLine() throws IOException {
    Path dup = dir.resolve("dup.txt");
    Files.writeString(dup, "<pad>\n<unk>\ncard\nlost\ncard\n");
    assertThatThrownBy(() -> Vocabulary.load(dup))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(dup + " line 5: token 'card' repeats line 3");
    Path noPad = dir.resolve("nopad.txt");
    Files.writeString(noPad, "card\n<unk>\n");
    assertThatThrownBy(() -> Vocabulary.load(noPad))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("must start with the lines <pad> and <unk>");
  }

  @Test
  void oovRate() {
    Vocabulary v = Vocabulary.of(List.of("<pad>", "<unk>", "my", "card"));
    OovStats s =
        OovStats.measure(v, List.of("my card is lost", "my <unk>"), WordTokenizer.whitespace());
    assertThat(s).isEqualTo(new OovStats(6, 3));
    assertThat(s.rate()).isEqualTo(0.5);
  }

  @Test
  void lengthPercentilesNearestRank() {
    LengthStats s = LengthStats.of(new int[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
    assertThat(s).isEqualTo(new LengthStats(10, 55, 1, 10, 5.5, 5, 9, 10, 10));
    LengthStats big = LengthStats.of(java.util.stream.IntStream.rangeClosed(1, 200).toArray());
    assertThat(List.of(big.p50(), big.p90(), big.p95(), big.p99()))
        .containsExactly(100, 180, 190, 198);
    assertThatThrownBy(() -> LengthStats.of(new int[0])).hasMessageContaining("no texts");
  }

  private static List<String> split(String csv) {
    if (csv == null || csv.isEmpty()) {
      return List.of();
    }
    return List.of(unescape(csv).split(","));
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(i + 1);
        if (n == 'n') {
          b.append('\n');
          i++;
          continue;
        }
        if (n == 't') {
          b.append('\t');
          i++;
          continue;
        }
        if (n == 'u') {
          b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
          i += 5;
          continue;
        }
      }
      b.append(c);
    }
    return b.toString();
  }
}
