package org.transfer4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.BadInputException;

class ConllReaderTest {
  @TempDir Path tmp;

  private static final String CONLL2003 =
      """
      -DOCSTART- -X- -X- O

      EU NNP B-NP B-ORG
      rejects VBZ B-VP O
      German JJ B-NP B-MISC

      Peter NNP B-NP B-PER
      Blackburn NNP I-NP I-PER
      """;

  @ParameterizedTest(name = "tag column {0}")
  @CsvSource({"-1, B-ORG, I-PER", "3, B-ORG, I-PER", "1, NNP, NNP", "2, B-NP, I-NP"})
  void readsSentencesSkippingDocstart(int column, String firstTag, String lastTag)
      throws Exception {
    Path f = Files.writeString(tmp.resolve("train.conll"), CONLL2003);
    List<TaggedSentence> s = ConllReader.read(f, column);
    assertThat(s).hasSize(2);
    assertThat(s.get(0).words()).containsExactly("EU", "rejects", "German");
    assertThat(s.get(1).words()).containsExactly("Peter", "Blackburn");
    assertThat(s.get(0).tags().get(0)).isEqualTo(firstTag);
    assertThat(s.get(1).tags().get(1)).isEqualTo(lastTag);
    assertThat(s.get(1).source()).endsWith("train.conll:7");
  }

  @Test
  void tagVocabularyAndUnseenTags() throws Exception {
    Path f = Files.writeString(tmp.resolve("train.conll"), CONLL2003);
    LabelVocabulary tags = LabelVocabulary.fromTags(ConllReader.read(f, ConllReader.LAST_COLUMN));
    assertThat(tags.labels()).containsExactly("B-MISC", "B-ORG", "B-PER", "I-PER", "O");
    Path t = Files.writeString(tmp.resolve("test.conll"), "Paris NNP B-NP B-LOC\n");
    assertThatThrownBy(
            () -> tags.requireKnownTags(ConllReader.read(t, ConllReader.LAST_COLUMN), "test"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("never seen in training: B-LOC")
        .hasMessageContaining("test.conll:1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          wrong column count | EU NNP B-ORG\\nrejects O\\n        | x.conll:2: 2 columns, expected 3 as on line 1
          single column      | EU\\n                            | x.conll:1: one column
          tag column range   | EU NNP B-ORG\\n                  | tag column 5 is outside the 3 columns
          empty              | -DOCSTART- O\\n\\n               | no sentences
          """)
  void badInput(String what, String content, String message) throws Exception {
    Path f = Files.writeString(tmp.resolve("x.conll"), content.replace("\\n", "\n"));
    int column = what.equals("tag column range") ? 5 : ConllReader.LAST_COLUMN;
    assertThatThrownBy(() -> ConllReader.read(f, column))
        .as(what)
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(message);
  }
}
