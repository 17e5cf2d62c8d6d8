package org.transfer4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.transfer4j.BadInputException;

class WordNetGlossesTest {
  static final Path FILE = Path.of("data.verb");

  @Test
  void parsesWordsLexnameDefinitionAndExamples() {
    WordNetGlosses.Gloss g =
        WordNetGlosses.parse(
            "00001740 00 a 01 able 0 005 = 05200169 n 0000 | (usually followed by `to') having the"
                + " necessary means; \"able to swim\"; \"she was able to program her computer\"  ",
            FILE,
            1);
    assertThat(g.lexname()).isEqualTo("adj.all");
    assertThat(g.words()).containsExactly("able");
    assertThat(g.definition()).isEqualTo("(usually followed by `to') having the necessary means");
    assertThat(g.examples())
        .containsExactly("able to swim", "she was able to program her computer");
  }

  @Test
  void multiWordSynsetWithHexCountAndMarkers() {
    WordNetGlosses.Gloss g =
        WordNetGlosses.parse(
            "00001740 29 v 04 breathe 0 take_a_breath 0 respire 0 suspire 3 021 * 00005041 v 0000"
                + " | draw air into, and expel out of, the lungs",
            FILE,
            7);
    assertThat(g.lexname()).isEqualTo("verb.body");
    assertThat(g.words()).containsExactly("breathe", "take a breath", "respire", "suspire");
    assertThat(g.examples()).isEmpty();
  }

  @Test
  void malformedLineNamesFileAndLine() {
    assertThatThrownBy(() -> WordNetGlosses.parse("00001740 29 v 01 breathe", FILE, 12))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("data.verb invalid at line 12");
    assertThatThrownBy(() -> WordNetGlosses.parse("00001740 77 v 01 x 0 000 | y", FILE, 3))
        .hasMessageContaining("out of range");
  }

  @Test
  void readsTheInstalledDatabase() throws Exception {
    assumeTrue(
        WordNetGlosses.isInstalled(), "skipped: Debian's wordnet-base is not installed here");
    List<WordNetGlosses.Gloss> all = WordNetGlosses.read(WordNetGlosses.DEFAULT_DIR);
    assertThat(all).hasSize(117_659);
    Set<String> classes =
        all.stream().map(WordNetGlosses.Gloss::lexname).collect(Collectors.toSet());
    assertThat(classes).hasSize(45);
  }
}
