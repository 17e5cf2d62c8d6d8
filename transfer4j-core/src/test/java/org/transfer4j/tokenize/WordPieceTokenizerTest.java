package org.transfer4j.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven tests of the BERT pipeline on a small vocabulary written here (no shared data). */
class WordPieceTokenizerTest {
  static final List<String> TOKENS =
      List.of(
          "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "hello", "world",
          "!", ",", ".", "'", "cafe", "naive", "你", "好", "a", "##b", "##c", "the", "##re", "s", "t",
          "don");

  static Tokenizer bert(BertOptions o) {
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (String t : TOKENS) {
      vocab.put(t, vocab.size());
    }
    return Tokenizer.bertWordPiece(vocab, o);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("unaffable", "[CLS] un ##aff ##able [SEP]", "0,0 0,2 2,5 5,9 0,0"),
        Arguments.of("Hello, WORLD!", "[CLS] hello , world ! [SEP]", "0,0 0,5 5,6 7,12 12,13 0,0"),
        Arguments.of("Café naïve", "[CLS] cafe naive [SEP]", "0,0 0,4 5,10 0,0"),
        Arguments.of("cafe\u0301", "[CLS] cafe [SEP]", "0,0 0,4 0,0"), // the mark is dropped
        Arguments.of("你好", "[CLS] 你 好 [SEP]", "0,0 0,1 1,2 0,0"),
        Arguments.of("abc abx", "[CLS] a ##b ##c [UNK] [SEP]", "0,0 0,1 1,2 2,3 4,7 0,0"),
        Arguments.of("  \t\n ", "[CLS] [SEP]", "0,0 0,0"),
        Arguments.of("", "[CLS] [SEP]", "0,0 0,0"),
        Arguments.of("a\u0000b\u200B", "[CLS] a ##b [SEP]", "0,0 0,1 2,3 0,0"),
        Arguments.of("😀 a", "[CLS] [UNK] a [SEP]", "0,0 0,1 2,3 0,0"),
        Arguments.of("there's", "[CLS] the ##re ' s [SEP]", "0,0 0,3 3,5 5,6 6,7 0,0"),
        Arguments.of(
            "hello [SEP] world", "[CLS] hello [SEP] world [SEP]", "0,0 0,5 6,11 12,17 0,0"),
        Arguments.of("a".repeat(101), "[CLS] [UNK] [SEP]", "0,0 0,101 0,0"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void encodesLikeBert(String text, String tokens, String offsets) {
    Encoding e = bert(BertOptions.uncased()).encode(text);
    assertThat(String.join(" ", e.tokens())).isEqualTo(tokens);
    StringBuilder sb = new StringBuilder();
    for (int[] o : e.offsets()) {
      sb.append(sb.length() == 0 ? "" : " ").append(o[0]).append(',').append(o[1]);
    }
    assertThat(sb.toString()).isEqualTo(offsets);
  }

  @Test
  void pairsGetTypeIdsAndSpecialMask() {
    Encoding e = bert(BertOptions.uncased()).encode("hello", "world !");
    assertThat(e.tokens()).containsExactly("[CLS]", "hello", "[SEP]", "world", "!", "[SEP]");
    assertThat(e.typeIds()).containsExactly(0, 0, 0, 1, 1, 1);
    assertThat(e.specialTokensMask()).containsExactly(1, 0, 1, 0, 0, 1);
    assertThat(e.wordIds()).containsExactly(null, 0, null, 0, 1, null);
  }

  @Test
  void casedKeepsCaseAndAccents() {
    Encoding e = bert(BertOptions.cased()).encode("Hello café");
    assertThat(e.tokens()).containsExactly("[CLS]", "[UNK]", "[UNK]", "[SEP]");
  }

  static Stream<Arguments> truncations() {
    // "a b a b a b" = 6 tokens, "hello world" = 2 tokens; specials: 3 for a pair.
    return Stream.of(
        Arguments.of(
            new Truncation(7, 0, Truncation.Strategy.LONGEST_FIRST, Truncation.Direction.RIGHT),
            "[CLS] a ##b [SEP] hello world [SEP]",
            2),
        Arguments.of(
            new Truncation(7, 0, Truncation.Strategy.ONLY_FIRST, Truncation.Direction.RIGHT),
            "[CLS] a ##b [SEP] hello world [SEP]",
            2),
        Arguments.of(
            new Truncation(7, 1, Truncation.Strategy.ONLY_FIRST, Truncation.Direction.RIGHT),
            "[CLS] a ##b [SEP] hello world [SEP]",
            4),
        Arguments.of(
            new Truncation(6, 0, Truncation.Strategy.LONGEST_FIRST, Truncation.Direction.LEFT),
            "[CLS] a ##b [SEP] world [SEP]",
            5));
  }

  @ParameterizedTest
  @MethodSource("truncations")
  void truncatesPairs(Truncation t, String tokens, int overflowing) {
    Encoding e = bert(BertOptions.uncased()).withTruncation(t).encode("ab ab ab", "hello world");
    assertThat(String.join(" ", e.tokens())).isEqualTo(tokens);
    assertThat(e.overflowing()).hasSize(overflowing);
    for (Encoding o : e.overflowing()) {
      assertThat(o.tokens()[0]).isEqualTo("[CLS]");
    }
  }

  @Test
  void padsLeftRightAndToMultiple() {
    Tokenizer t = bert(BertOptions.uncased());
    Encoding right = t.withPadding(Padding.fixed(6, 0, "[PAD]")).encode("hello");
    assertThat(right.tokens())
        .containsExactly("[CLS]", "hello", "[SEP]", "[PAD]", "[PAD]", "[PAD]");
    assertThat(right.attentionMask()).containsExactly(1, 1, 1, 0, 0, 0);
    assertThat(right.specialTokensMask()).containsExactly(1, 0, 1, 1, 1, 1);
    Encoding left =
        t.withPadding(Padding.fixed(5, 0, "[PAD]").withDirection(Padding.Direction.LEFT))
            .encode("hello");
    assertThat(left.tokens()).containsExactly("[PAD]", "[PAD]", "[CLS]", "hello", "[SEP]");
    assertThat(left.offsets()[3]).containsExactly(0, 5);
    List<Encoding> batch =
        t.withPadding(Padding.longest(0, "[PAD]").withMultipleOf(4))
            .encodeBatch(List.of("hello", "hello world !"));
    assertThat(batch).allSatisfy(e -> assertThat(e.length()).isEqualTo(8));
  }

  @Test
  void decodesWithCleanup() {
    Tokenizer t = bert(BertOptions.uncased());
    int[] ids = t.encode("Hello, world! unaffable don't").ids();
    // Hugging Face cleans up per token, so " ' " between two tokens stays (as the library does).
    assertThat(t.decode(ids, true)).isEqualTo("hello, world! unaffable don ' t");
    assertThat(t.decode(ids, false)).startsWith("[CLS] hello,").endsWith("[SEP]");
  }

  @Test
  void jsonRoundTripKeepsBehaviour() {
    Tokenizer t =
        bert(BertOptions.uncased())
            .withTruncation(Truncation.longestFirst(16))
            .withPadding(Padding.longest(0, "[PAD]"));
    Tokenizer back = Tokenizer.fromJson(t.toJson());
    assertThat(back.toJson()).isEqualTo(t.toJson());
    for (String s : new TextGen(3).take(200)) {
      assertThat(back.encode(s, "hello")).isEqualTo(t.encode(s, "hello"));
    }
  }

  @Test
  void offsetsAreCodePointsLikeHuggingFace() {
    Encoding e = bert(BertOptions.uncased()).encode("😀😀 hello");
    assertThat(Arrays.stream(e.offsets()).map(o -> o[0] + "," + o[1]).toList())
        .containsExactly("0,0", "0,2", "3,8", "0,0");
  }
}
