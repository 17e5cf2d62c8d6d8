package org.transfer4j.tokenize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with the Hugging Face library for the other components (Unicode normalizers, sequences,
 * Whitespace pre-tokenizers, WordLevel, plain BPE with unk and prefixes, BertProcessing, added
 * tokens with strip options) on small vocabularies written here: needs no shared data.
 */
class ComponentParityTest {
  @TempDir Path tmp;

  static final String WORDS =
      "\"[UNK]\":0,\"[CLS]\":1,\"[SEP]\":2,\"[MASK]\":3,\"hello\":4,\"world\":5,\"the\":6,\"a\":7,\"fine\":8,\"cafe\":9,"
          + "\"!\":10,\",\":11,\".\":12,\"e\":13,\"i\":14,\"o\":15,\"n\":16,\"##e\":17,\"##n\":18,\"##o\":19,\"t\":20,\"##t\":21,"
          + "\"h\":22,\"##h\":23,\"##l\":24,\"l\":25,\"##r\":26,\"r\":27,\"w\":28,\"##d\":29,\"d\":30,\"he\":31,\"##ll\":32,\"##lo\":33,\"##rl\":35";

  static final String ADDED =
      "[{\"id\":0,\"content\":\"[UNK]\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true},"
          + "{\"id\":1,\"content\":\"[CLS]\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true},"
          + "{\"id\":2,\"content\":\"[SEP]\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true},"
          + "{\"id\":3,\"content\":\"[MASK]\",\"single_word\":false,\"lstrip\":true,\"rstrip\":true,\"normalized\":false,\"special\":true},"
          + "{\"id\":34,\"content\":\"fine\",\"single_word\":true,\"lstrip\":false,\"rstrip\":false,\"normalized\":true,\"special\":false}]";

  static final String BERT_PROC =
      "{\"type\":\"BertProcessing\",\"sep\":[\"[SEP]\",2],\"cls\":[\"[CLS]\",1]}";

  static String json(String normalizer, String pre, String post, String model) {
    return "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":"
        + ADDED
        + ",\"normalizer\":"
        + normalizer
        + ",\"pre_tokenizer\":"
        + pre
        + ",\"post_processor\":"
        + post
        + ",\"decoder\":null,\"model\":"
        + model
        + "}";
  }

  static Stream<Arguments> configs() {
    String wordLevel = "{\"type\":\"WordLevel\",\"vocab\":{" + WORDS + "},\"unk_token\":\"[UNK]\"}";
    String wordPiece =
        "{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\",\"continuing_subword_prefix\":\"##\",\"max_input_chars_per_word\":12,\"vocab\":{"
            + WORDS
            + "}}";
    String bpe =
        "{\"type\":\"BPE\",\"dropout\":null,\"unk_token\":\"[UNK]\",\"continuing_subword_prefix\":\"##\",\"end_of_word_suffix\":null,"
            + "\"fuse_unk\":true,\"byte_fallback\":false,\"vocab\":{"
            + WORDS
            + "},\"merges\":[\"h ##e\",\"##l ##l\",\"##l ##o\",\"##r ##l\"]}";
    String template =
        "{\"type\":\"TemplateProcessing\",\"single\":[{\"SpecialToken\":{\"id\":\"[CLS]\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}}],"
            + "\"pair\":[{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":0}},{\"Sequence\":{\"id\":\"B\",\"type_id\":1}},{\"SpecialToken\":{\"id\":\"[CLS]\",\"type_id\":2}}],"
            + "\"special_tokens\":{\"[CLS]\":{\"id\":\"[CLS]\",\"ids\":[1],\"tokens\":[\"[CLS]\"]},\"[SEP]\":{\"id\":\"[SEP]\",\"ids\":[2],\"tokens\":[\"[SEP]\"]}}}";
    return Stream.of(
        Arguments.of(
            "nfkc-lower-whitespace-wordlevel",
            json(
                "{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"NFKC\"},{\"type\":\"Lowercase\"}]}",
                "{\"type\":\"Whitespace\"}",
                BERT_PROC,
                wordLevel)),
        Arguments.of(
            "nfd-strip-whitespacesplit-wordpiece",
            json(
                "{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"NFD\"},{\"type\":\"StripAccents\"},{\"type\":\"Lowercase\"}]}",
                "{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"WhitespaceSplit\"},{\"type\":\"BertPreTokenizer\"}]}",
                template,
                wordPiece)),
        Arguments.of(
            "lower-bert-bpe-unk",
            json("{\"type\":\"Lowercase\"}", "{\"type\":\"BertPreTokenizer\"}", BERT_PROC, bpe)),
        Arguments.of(
            "cased-bert-normalizer-wordpiece",
            json(
                "{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":false,\"strip_accents\":true,\"lowercase\":false}",
                "{\"type\":\"BertPreTokenizer\"}",
                "null",
                wordPiece)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void matchesLibrary(String name, String json) throws Exception {
    Path file = tmp.resolve(name + ".json");
    Files.writeString(file, json);
    Tokenizer ours = Tokenizer.load(file);
    List<String> texts = new TextGen(5).take(1500);
    texts.addAll(
        List.of(
            "hello [MASK] world", "fine finest fine!", "x [MASK]y", "Hello World", "ﬁne ｈｅｌｌｏ"));
    ParityChecks checks = new ParityChecks(ours, file, texts);
    checks.check(t -> t, b -> b, false, true, Integer.MAX_VALUE);
    checks.check(t -> t, b -> b, true, true, 500);
    // Round trip through our writer gives the same tokenizer.
    Path again = tmp.resolve(name + "-again.json");
    Files.writeString(again, ours.toJson());
    new ParityChecks(Tokenizer.load(again), file, texts).check(t -> t, b -> b, false, true, 500);
  }
}
