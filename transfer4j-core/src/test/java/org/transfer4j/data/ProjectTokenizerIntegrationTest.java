package org.transfer4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.transfer4j.testing.SharedData;
import org.transfer4j.tokenize.Encoding;
import org.transfer4j.tokenize.Tokenizer;

/** The functional boundary with the project's own {@link Tokenizer}, as the tasks will use it. */
class ProjectTokenizerIntegrationTest {
  private static Tokenizer tok;

  @BeforeAll
  static void load() throws Exception {
    tok = Tokenizer.load(SharedData.require("data/tokenizers/bert-base-uncased/vocab.txt"));
  }

  private static final TokenEncoder IDS = text -> tok.encode(text, null, false).ids();

  private static final PairEncoder PAIRS =
      (a, b) -> {
        Encoding e = tok.encode(a, b);
        return new EncodedInput(e.ids(), e.typeIds(), e.wordIds());
      };

  @Test
  void specialsFromTheVocabularyAreBertBaseUncased() {
    assertThat(SpecialTokens.fromVocab(tok::tokenToId, tok.vocabSize()))
        .isEqualTo(SpecialTokens.bertBaseUncased());
  }

  @Test
  void tokenizerPairEncodingEqualsBertLayoutOverTokenIds() {
    PairEncoder layout = BertLayout.pairEncoder(IDS, SpecialTokens.bertBaseUncased(), 512);
    String[][] pairs = {
      {"I am still waiting on my card?", "It has been two weeks."},
      {"Unbelievable: the ATM ate my card!", "Où est ma carte?"},
      {"short", "a much longer second sentence with several words"}
    };
    for (String[] p : pairs) {
      EncodedInput a = PAIRS.encode(p[0], p[1]);
      EncodedInput b = layout.encode(p[0], p[1]);
      assertThat(b.ids()).as(p[0]).containsExactly(a.ids());
      assertThat(b.typeIds()).containsExactly(a.typeIds());
    }
  }

  @Test
  void encodingWordIdsDriveFirstSubTokenLabels() {
    Encoding e = tok.encode("Blackburn rejects unbelievable");
    // [CLS] black ##burn rejects unbelievable [SEP] (any split: check against the word ids)
    int[] labels = LabelAlignment.firstSubToken(e.wordIds(), new int[] {7, 8, 9});
    List<Integer> carried = new java.util.ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != Labels.IGNORE) {
        carried.add(labels[i]);
        assertThat(e.tokens()[i]).doesNotStartWith("##");
      } else if (e.wordIds()[i] != null) {
        assertThat(e.tokens()[i]).startsWith("##");
      }
    }
    assertThat(carried).containsExactly(7, 8, 9);
    assertThat(LabelAlignment.toWords(e.wordIds(), labels, 3)).containsExactly(7, 8, 9);
  }
}
