package org.transfer4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelAlignmentTest {
  private static final int X = Labels.IGNORE;

  /** counts per word -> expected token labels with [CLS] and [SEP] (word w has label 10 + w). */
  @ParameterizedTest(name = "counts {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1,1,1    | X,10,11,12,X",
        "2,1,3    | X,10,X,11,12,X,X,X",
        "1        | X,10,X",
        "3,0,1    | X,10,X,X,12,X", // a word with no sub-token loses its label
        "''       | X,X"
      })
  void onlyFirstSubTokenCarriesTheWordLabel(String counts, String expected) {
    int[] c =
        counts.isEmpty()
            ? new int[0]
            : Arrays.stream(counts.split(",")).mapToInt(Integer::parseInt).toArray();
    int[] wordLabels = new int[c.length];
    Arrays.setAll(wordLabels, w -> 10 + w);
    Integer[] wordIds = LabelAlignment.wordIdsFromCounts(c, 1, 1);
    int[] want =
        Arrays.stream(expected.split(","))
            .mapToInt(s -> s.equals("X") ? X : Integer.parseInt(s))
            .toArray();
    assertThat(LabelAlignment.firstSubToken(wordIds, wordLabels)).containsExactly(want);
    // Round trip: predicting the aligned labels gives the word labels back (-1 for lost words).
    int[] preds = LabelAlignment.firstSubToken(wordIds, wordLabels);
    int[] back = LabelAlignment.toWords(wordIds, preds, c.length);
    for (int w = 0; w < c.length; w++) {
      assertThat(back[w]).isEqualTo(c[w] == 0 ? -1 : 10 + w);
    }
  }

  @Test
  void pairWordIdsRestartAndSpecialsInTheMiddleAreIgnored() {
    // [CLS] a a b [SEP] (pair: word 0 again) [SEP]: a new word starts after a special.
    Integer[] wordIds = {null, 0, 0, 1, null, 0, null};
    assertThat(LabelAlignment.firstSubToken(wordIds, new int[] {5, 6}))
        .containsExactly(X, 5, X, 6, X, 5, X);
  }

  @Test
  void wordsFromPredictionsUseFirstSubToken() {
    Integer[] wordIds = {null, 0, 0, 1, 2, 2, null};
    int[] tokenPreds = {9, 1, 7, 2, 3, 8, 9};
    assertThat(LabelAlignment.toWords(wordIds, tokenPreds, 4)).containsExactly(1, 2, 3, -1);
  }

  @Test
  void encodeWordsTruncatesAndKeepsWordIds() {
    TokenEncoder pieces = w -> w.chars().map(ch -> ch).toArray(); // one sub-token per letter
    EncodedInput in =
        BertLayout.encodeWords(List.of("ab", "c", "defg"), pieces, TestCorpus.SPECIALS, 7);
    assertThat(in.ids()).containsExactly(2, 'a', 'b', 'c', 'd', 'e', 3);
    assertThat(in.wordIds()).containsExactly(null, 0, 0, 1, 2, 2, null);
    assertThat(LabelAlignment.firstSubToken(in.wordIds(), new int[] {1, 2, 3}))
        .containsExactly(X, 1, X, 2, 3, X, X);
  }
}
