package org.transfer4j.model.tagger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CharLayoutTest {
  // chars a=5 b=6 C=7, ##a=8 ##b=9 ##C=10; words: ab -> row 2, c -> row 3
  private final CharLayout layout = new CharLayout(List.of("a", "b", "C"), List.of("ab", "c"), 4);

  @Test
  void readsWordsCharactersAndFirstTokensBackFromIds() {
    // row 0: [CLS] a ##b C [SEP] [PAD]; row 1: [CLS] [UNK] b ##a ##b ##a ##b [SEP]
    long[] ids = {2, 5, 9, 7, 3, 0, 0, 0, 2, 1, 6, 8, 9, 8, 9, 3};
    CharLayout.Batch b = layout.read(ids, 2, 8);
    assertThat(b.words()).isEqualTo(2);
    assertThat(b.lengths()).containsExactly(2, 2);
    // "ab" exact; "C" by its lowercased form; [UNK] and "babab" unknown
    assertThat(b.wordIds()).containsExactly(2, 3, 1, 1);
    assertThat(b.chars()).isEqualTo(4); // "babab" cut to 4 characters
    assertThat(b.charIds())
        .containsExactly(
            2, 3, 0, 0, // a b (character + 2)
            4, 0, 0, 0, // C
            1, 0, 0, 0, // [UNK]: one unknown character
            3, 2, 3, 2); // b a b a
    assertThat(b.tokenRows()).containsExactly(4, 0, 4, 1, 4, 4, 4, 4, 4, 2, 3, 4, 4, 4, 4, 4);
    assertThat(b.casing()[Casing.ALL_LOWER]).isEqualTo(1f); // "ab"
    assertThat(b.casing()[Casing.SIZE + Casing.ALL_UPPER]).isEqualTo(1f); // "C"
    assertThat(b.casing()[2 * Casing.SIZE + Casing.UNKNOWN]).isEqualTo(1f);
  }

  @Test
  void tokenizerVocabularyPutsSpecialsThenCharactersThenContinuations() {
    assertThat(CharLayout.tokenizerVocab(List.of("a", "b")))
        .containsExactly("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b", "##a", "##b");
  }

  @ParameterizedTest
  @CsvSource({
    "1996, 1",
    "12.5, 2",
    "paris, 3",
    "EU, 4",
    "Paris, 5",
    "x1y2z, 3",
    "&, 0",
    "-, 0",
    "1st-A, 6"
  })
  void casingClasses(String word, int expected) {
    assertThat(Casing.of(word)).isEqualTo(expected);
  }
}
