package org.transfer4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleEncoderTest {
  private static final SpecialTokens SP = TestCorpus.SPECIALS;
  private static final TokenEncoder LETTERS = t -> t.replace(" ", "").chars().map(c -> c).toArray();

  @Test
  void classificationSingleMultiAndUnlabeled() {
    PairEncoder enc = BertLayout.pairEncoder(LETTERS, SP, 32);
    List<TextExample> single =
        List.of(
            new TextExample("ab", null, List.of("y"), "f:1"),
            new TextExample("c", "d", List.of("x"), "f:2"));
    LabelVocabulary v = LabelVocabulary.fromTraining(single);
    List<EncodedExample> e = ExampleEncoder.classification(single, enc, v);
    assertThat(e).extracting(EncodedExample::kind).containsOnly(EncodedExample.Kind.SEQUENCE);
    assertThat(e.get(0).labels()).containsExactly(1);
    assertThat(e.get(1).inputs().get(0).ids()).containsExactly(2, 'c', 3, 'd', 3);

    List<TextExample> multi =
        List.of(
            new TextExample("a", null, List.of("p", "q"), "f:1"),
            new TextExample("b", null, List.of("r"), "f:2"));
    LabelVocabulary mv = LabelVocabulary.fromTraining(multi);
    List<EncodedExample> m = ExampleEncoder.classification(multi, enc, mv);
    assertThat(m.get(0).kind()).isEqualTo(EncodedExample.Kind.MULTI_HOT);
    assertThat(m.get(0).labels()).containsExactly(1, 1, 0);

    List<EncodedExample> none =
        ExampleEncoder.classification(
            List.of(new TextExample("a", null, List.of(), "f:1")), enc, v);
    assertThat(none.get(0).kind()).isEqualTo(EncodedExample.Kind.NONE);
  }

  @Test
  void taggingPutsLabelsOnFirstSubTokens() {
    List<TaggedSentence> s =
        List.of(new TaggedSentence(List.of("EU", "rejects"), List.of("B-ORG", "O"), "f:1"));
    LabelVocabulary tags = LabelVocabulary.fromTags(s);
    List<EncodedExample> e =
        ExampleEncoder.tagging(s, words -> BertLayout.encodeWords(words, LETTERS, SP, 64), tags);
    int x = Labels.IGNORE;
    assertThat(e.get(0).labels()).containsExactly(x, 0, x, 1, x, x, x, x, x, x, x);
  }

  @Test
  void specialTokensFromVocabularyAndMissingOnes() {
    java.util.Map<String, Integer> vocab =
        java.util.Map.of("[PAD]", 0, "[UNK]", 1, "[CLS]", 2, "[SEP]", 3, "[MASK]", 4);
    assertThat(SpecialTokens.fromVocab(vocab::get, 100))
        .isEqualTo(new SpecialTokens(0, 1, 2, 3, 4, 100));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SpecialTokens.fromVocab(t -> t.equals("[MASK]") ? -1 : vocab.get(t), 100))
        .isInstanceOf(org.transfer4j.BadInputException.class)
        .hasMessageContaining("no [MASK] token");
  }
}
