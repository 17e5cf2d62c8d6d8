package org.transfer4j.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.transfer4j.BadInputException;

/** Each bad input gives one BadInputException naming the file, line or JSON path. */
class BadInputTest {
  @TempDir Path dir;

  static final String GOOD_MODEL =
      "\"model\":{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\",\"vocab\":{\"[UNK]\":0,\"a\":1}}";

  static Stream<Arguments> jsons() {
    return Stream.of(
        Arguments.of("{\"model\": ", "is not valid JSON"),
        Arguments.of("[1, 2]", "$ must be a JSON object"),
        Arguments.of("{\"version\":\"1.0\"}", "$.model is missing"),
        Arguments.of(
            "{\"model\":{\"type\":\"Unigram\",\"vocab\":{\"a\":0}}}",
            "$.model.type 'Unigram' is not supported"),
        Arguments.of(
            "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{}}}",
            "$.model.vocab is missing or empty"),
        Arguments.of(
            "{\"model\":{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\",\"vocab\":{\"a\":0}}}",
            "unk token '[UNK]' is not in the vocabulary"),
        Arguments.of(
            "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"[UNK]\":\"zero\"}}}",
            "$.model.vocab.[UNK]: expected an integer id"),
        Arguments.of(
            "{\"normalizer\":{\"type\":\"Fancy\"}," + GOOD_MODEL + "}",
            "$.normalizer.type 'Fancy' is not supported"),
        Arguments.of(
            "{\"pre_tokenizer\":{\"type\":\"Metaspace\"}," + GOOD_MODEL + "}",
            "$.pre_tokenizer.type 'Metaspace'"),
        Arguments.of(
            "{\"normalizer\":{\"type\":\"BertNormalizer\",\"lowercase\":\"yes\"},"
                + GOOD_MODEL
                + "}",
            "$.normalizer.lowercase must be true or false"),
        Arguments.of(
            "{\"added_tokens\":[{\"id\":5}]," + GOOD_MODEL + "}",
            "$.added_tokens[0].content is missing"),
        Arguments.of(
            "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"b\":1},\"merges\":[\"a b\"]}}",
            "$.model.merges[0]: token 'ab' of merge 'a b' is not in the vocabulary"),
        Arguments.of(
            "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"b\":1},\"merges\":[\"ab\"]}}",
            "$.model.merges[0]: expected \"left right\""));
  }

  @ParameterizedTest
  @MethodSource("jsons")
  void malformedTokenizerJsonNamesThePath(String json, String message) throws Exception {
    Path file = dir.resolve("tokenizer.json");
    Files.writeString(file, json);
    assertThatThrownBy(() -> Tokenizer.load(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(message);
  }

  @Test
  void missingPathAndEmptyFolder() {
    assertThatThrownBy(() -> Tokenizer.load(dir.resolve("nope")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> Tokenizer.load(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(
            "expected tokenizer.json, vocab.txt (BERT) or vocab.json + merges.txt");
  }

  @Test
  void emptyVocabTxt() throws Exception {
    Files.writeString(dir.resolve("vocab.txt"), "");
    assertThatThrownBy(() -> Tokenizer.load(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("vocab.txt is empty");
  }

  @Test
  void vocabTxtWithoutSpecialTokens() throws Exception {
    Files.writeString(dir.resolve("vocab.txt"), "[UNK]\nhello\n");
    assertThatThrownBy(() -> Tokenizer.load(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("vocab.txt")
        .hasMessageContaining("special token '[PAD]' is not in the WordPiece vocabulary");
  }

  @Test
  void invalidUtf8InVocabularyIsRejectedWithTheLine() throws Exception {
    Files.write(
        dir.resolve("vocab.txt"),
        new byte[] {'[', 'P', 'A', 'D', ']', '\n', 'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
    assertThatThrownBy(() -> Tokenizer.load(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("vocab.txt is not valid UTF-8 at line 3");
  }

  @Test
  void mergesFileInvalidAtLine() throws Exception {
    Files.writeString(dir.resolve("vocab.json"), "{\"a\":0,\"b\":1,\"ab\":2}");
    Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\na b\nab\n");
    assertThatThrownBy(() -> Tokenizer.load(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("merges file " + dir.resolve("merges.txt") + " invalid at line 3");
    Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\na b\nab b\n");
    assertThatThrownBy(() -> Tokenizer.load(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(
            "invalid at line 3: token 'abb' of merge 'ab b' is not in the vocabulary");
  }

  @Test
  void vocabJsonWithoutMerges() throws Exception {
    Files.writeString(dir.resolve("vocab.json"), "{\"a\":0}");
    assertThatThrownBy(() -> Tokenizer.load(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no merges.txt beside it");
  }

  @Test
  void gpt2FilesLoadAndRoundTrip() throws Exception {
    Files.writeString(
        dir.resolve("vocab.json"),
        "{\"h\":0,\"i\":1,\"hi\":2,\"\u0120\":3,\"\u0120hi\":4,\"<|endoftext|>\":5}");
    Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\nh i\n\u0120 hi\n");
    Tokenizer t = Tokenizer.load(dir);
    assertThat(t.encode("hi hi<|endoftext|>").tokens())
        .containsExactly("hi", "\u0120hi", "<|endoftext|>");
    assertThat(t.decode(t.encode("hi hi").ids(), true)).isEqualTo("hi hi");
    Path out = dir.resolve("saved");
    t.save(out);
    assertThat(Files.readString(out.resolve("merges.txt")))
        .isEqualTo("#version: 0.2\nh i\n\u0120 hi\n");
    assertThat(Tokenizer.load(out).encode("hi hi").ids()).containsExactly(2, 4);
  }

  @Test
  void bertFactoryRejectsMissingUnk() {
    assertThatThrownBy(() -> Tokenizer.bertWordPiece(Map.of("a", 0), BertOptions.uncased()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("'[UNK]' is not in the vocabulary");
  }

  @Test
  void onlySecondWithoutPairIsAnError() {
    Tokenizer t =
        WordPieceTokenizerTest.bert(BertOptions.uncased())
            .withTruncation(
                new Truncation(4, 0, Truncation.Strategy.ONLY_SECOND, Truncation.Direction.RIGHT));
    assertThatThrownBy(() -> t.encode("hello world hello world"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a pair");
    assertThat(List.of(t.encode("hello").tokens())).containsExactly("[CLS]", "hello", "[SEP]");
  }
}
