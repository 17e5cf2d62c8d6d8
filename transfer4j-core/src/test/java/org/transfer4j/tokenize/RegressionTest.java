package org.transfer4j.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer.Form;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.tokenize.normalizer.BertNormalizer;
import org.transfer4j.tokenize.normalizer.StripAccents;
import org.transfer4j.tokenize.normalizer.UnicodeNormalizer;
import org.transfer4j.tokenize.pretokenizer.ByteLevel;

/** Regression tests, each named after a difference from Hugging Face found while building this. */
class RegressionTest {
  @TempDir Path dir;

  @Test
  void bertCleanUpKeepsUnassignedCodePoints() {
    // Java 17 does not know U+1FAE0 (Unicode 14); HF keeps unassigned chars, removes only Cc/Cf/Co.
    assertThat(BertNormalizer.uncased().normalizeStr("a\uD83E\uDEE0b\u200Bc\uE000d"))
        .isEqualTo("a\uD83E\uDEE0bcd");
  }

  @Test
  void stripAccentsNormalizerRemovesSpacingMarksButBertOnlyNonspacing() {
    assertThat(new StripAccents().normalizeStr("\u042F\u094B")).isEqualTo("\u042F");
    assertThat(BertNormalizer.cased().withStrip().normalizeStr("\u042F\u094B"))
        .isEqualTo("\u042F\u094B");
  }

  @Test
  void composedCharAlignsToItsStarterAndAbsorbedMarkVanishes() {
    NormalizedString n = new UnicodeNormalizer(Form.NFC).normalize(NormalizedString.of("e\u0301x"));
    assertThat(n.normalized()).isEqualTo("\u00E9x");
    assertThat(n.originalStart(0)).isZero();
    assertThat(n.originalEnd(0)).isEqualTo(1);
    assertThat(n.originalStart(1)).isEqualTo(2);
  }

  @Test
  void gpt2SplitLeavesLastSpaceOfARunToTheNextWord() {
    assertThat(ByteLevel.gpt2().preTokenizeStr("a   b\n\nc"))
        .containsExactly("a", "\u0120\u0120", "\u0120b", "\u010A", "\u010A", "c");
    assertThat(ByteLevel.gpt2().preTokenizeStr("it's 'sun ''"))
        .containsExactly("it", "'s", "\u0120'", "sun", "\u0120''");
  }

  @Test
  void savedFolderLoadsTheSameWithoutTokenizerJson() throws Exception {
    Tokenizer t = WordPieceTokenizerTest.bert(BertOptions.cased());
    t.save(dir);
    Files.delete(dir.resolve("tokenizer.json"));
    Tokenizer back = Tokenizer.load(dir);
    for (String s : new TextGen(1).take(300)) {
      assertThat(back.encode(s)).isEqualTo(t.encode(s));
    }
  }
}
