package org.transfer4j.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.testing.SharedData;
import org.transfer4j.tokenize.Truncation.Direction;
import org.transfer4j.tokenize.Truncation.Strategy;

/**
 * Exact parity with the Hugging Face tokenizers library on the real bert-base-uncased vocabulary:
 * 5,000 generated adversarial texts plus the BANKING77 texts, singles and pairs, truncation with
 * stride and overflow, padding, batches, decoding.
 */
class BertParityTest {
  static Tokenizer ours;
  static ParityChecks checks;

  @BeforeAll
  static void setUp(@TempDir Path tmp) throws Exception {
    Path dir = SharedData.require("data/tokenizers/bert-base-uncased");
    ours = Tokenizer.load(dir);
    Path mine = tmp.resolve("ours");
    ours.save(mine);
    // The reference: the layout of the hub's bert-base-uncased tokenizer.json, written here by
    // hand (not by our writer) around the same vocabulary.
    JsonObject ref =
        JsonParser.parseString(Files.readString(mine.resolve("tokenizer.json"))).getAsJsonObject();
    ref.add(
        "normalizer",
        JsonParser.parseString(
            "{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true,\"strip_accents\":null,\"lowercase\":true}"));
    ref.add("pre_tokenizer", JsonParser.parseString("{\"type\":\"BertPreTokenizer\"}"));
    ref.add(
        "post_processor",
        JsonParser.parseString(
            "{\"type\":\"TemplateProcessing\",\"single\":[{\"SpecialToken\":{\"id\":\"[CLS]\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":0}}],\"pair\":[{\"SpecialToken\":{\"id\":\"[CLS]\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":0}},{\"Sequence\":{\"id\":\"B\",\"type_id\":1}},{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":1}}],\"special_tokens\":{\"[CLS]\":{\"id\":\"[CLS]\",\"ids\":[101],\"tokens\":[\"[CLS]\"]},\"[SEP]\":{\"id\":\"[SEP]\",\"ids\":[102],\"tokens\":[\"[SEP]\"]}}}"));
    ref.add(
        "decoder",
        JsonParser.parseString("{\"type\":\"WordPiece\",\"prefix\":\"##\",\"cleanup\":true}"));
    JsonObject model = ref.getAsJsonObject("model");
    JsonObject refModel = new JsonObject();
    refModel.addProperty("type", "WordPiece");
    refModel.addProperty("unk_token", "[UNK]");
    refModel.addProperty("continuing_subword_prefix", "##");
    refModel.addProperty("max_input_chars_per_word", 100);
    refModel.add("vocab", model.get("vocab"));
    ref.add("model", refModel);
    Path refDir = Files.createDirectories(tmp.resolve("ref"));
    Files.writeString(refDir.resolve("tokenizer.json"), ref.toString());
    List<String> texts = new ArrayList<>(new TextGen(7).take(5000));
    if (SharedData.has("data/banking77")) {
      texts.addAll(Oracle.banking77(SharedData.require("data/banking77")));
    }
    checks = new ParityChecks(ours, refDir.resolve("tokenizer.json"), texts);
    // The library reads our written file to the same tokenizer as the reference.
    ourFileChecks = new ParityChecks(ours, mine.resolve("tokenizer.json"), texts);
  }

  static ParityChecks ourFileChecks;

  @Test
  void singleTexts() {
    checks.check(t -> t, b -> b, false, true, Integer.MAX_VALUE);
  }

  @Test
  void libraryReadsOurTokenizerJsonTheSame() {
    ourFileChecks.check(t -> t, b -> b, false, true, 2000);
  }

  @Test
  void pairs() {
    checks.check(t -> t, b -> b, true, true, 3000);
  }

  @Test
  void withoutSpecialTokens() {
    checks.check(t -> t, b -> b, true, false, 1000);
  }

  @Test
  void longestFirstTruncationWithStride() {
    checks.check(
        t -> t.withTruncation(new Truncation(24, 4, Strategy.LONGEST_FIRST, Direction.RIGHT)),
        b -> b.optTruncation(true).optMaxLength(24).optStride(4).optWithOverflowingTokens(true),
        true,
        true,
        700);
    checks.check(
        t -> t.withTruncation(new Truncation(16, 3, Strategy.LONGEST_FIRST, Direction.RIGHT)),
        b -> b.optTruncation(true).optMaxLength(16).optStride(3).optWithOverflowingTokens(true),
        false,
        true,
        2000);
  }

  @Test
  void onlyFirstAndOnlySecondTruncation() {
    checks.check(
        t -> t.withTruncation(new Truncation(40, 0, Strategy.ONLY_FIRST, Direction.RIGHT)),
        b -> b.optTruncateFirstOnly().optMaxLength(40).optWithOverflowingTokens(true),
        true,
        true,
        1500);
    checks.check(
        t -> t.withTruncation(new Truncation(40, 2, Strategy.ONLY_SECOND, Direction.RIGHT)),
        b -> b.optTruncateSecondOnly().optMaxLength(40).optStride(2).optWithOverflowingTokens(true),
        true,
        true,
        1500);
  }

  @Test
  void fixedPadding() {
    checks.check(
        t ->
            t.withTruncation(Truncation.longestFirst(48))
                .withPadding(Padding.fixed(48, 0, "[PAD]")),
        b ->
            b.optTruncation(true)
                .optMaxLength(48)
                .optPadToMaxLength()
                .optWithOverflowingTokens(true),
        true,
        true,
        1500);
  }

  @Test
  void batchPaddingToMultiple() {
    checks.checkBatch(0, "[PAD]", 16, 3200);
  }

  @Test
  void decode() {
    checks.checkDecode(3000);
  }

  @Test
  void batchEqualsSequential() {
    List<String> some = new TextGen(99).take(300);
    List<Encoding> batch = ours.encodeBatch(some);
    for (int i = 0; i < some.size(); i++) {
      assertThat(batch.get(i)).isEqualTo(ours.encode(some.get(i)));
    }
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        sb.append(String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
