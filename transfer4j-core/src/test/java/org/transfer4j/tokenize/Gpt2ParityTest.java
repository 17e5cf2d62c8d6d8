package org.transfer4j.tokenize;

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
 * Exact parity with the Hugging Face tokenizers library on the real GPT-2 byte-level BPE files,
 * with the hub's settings and with {@code add_prefix_space} and offset trimming switched on.
 */
class Gpt2ParityTest {
  static Tokenizer ours;
  static ParityChecks checks;
  static ParityChecks ourFileChecks;
  static ParityChecks prefixSpaceChecks;
  static Tokenizer prefixSpace;

  @BeforeAll
  static void setUp(@TempDir Path tmp) throws Exception {
    Path dir = SharedData.require("data/tokenizers/gpt2");
    ours = Tokenizer.load(dir);
    Path mine = tmp.resolve("ours");
    ours.save(mine);
    JsonObject saved =
        JsonParser.parseString(Files.readString(mine.resolve("tokenizer.json"))).getAsJsonObject();
    // The reference: the hub's gpt2 tokenizer.json layout, written by hand around the same files.
    JsonObject ref = new JsonObject();
    ref.addProperty("version", "1.0");
    ref.add("truncation", null);
    ref.add("padding", null);
    ref.add(
        "added_tokens",
        JsonParser.parseString(
            "[{\"id\":50256,\"content\":\"<|endoftext|>\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":true,\"special\":true}]"));
    ref.add("normalizer", null);
    ref.add(
        "pre_tokenizer",
        JsonParser.parseString(
            "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":true}"));
    ref.add(
        "post_processor",
        JsonParser.parseString(
            "{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":false,\"use_regex\":true}"));
    ref.add(
        "decoder",
        JsonParser.parseString(
            "{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":true,\"use_regex\":true}"));
    JsonObject model = new JsonObject();
    model.addProperty("type", "BPE");
    model.add("dropout", null);
    model.add("unk_token", null);
    model.addProperty("continuing_subword_prefix", "");
    model.addProperty("end_of_word_suffix", "");
    model.addProperty("fuse_unk", false);
    model.addProperty("byte_fallback", false);
    model.add("vocab", saved.getAsJsonObject("model").get("vocab"));
    model.add("merges", saved.getAsJsonObject("model").get("merges"));
    ref.add("model", model);
    Path refJson = Files.createDirectories(tmp.resolve("ref")).resolve("tokenizer.json");
    Files.writeString(refJson, ref.toString());

    List<String> texts = new ArrayList<>(new TextGen(11).take(5000));
    if (SharedData.has("data/banking77")) {
      texts.addAll(Oracle.banking77(SharedData.require("data/banking77")));
    }
    checks = new ParityChecks(ours, refJson, texts);
    ourFileChecks = new ParityChecks(ours, mine.resolve("tokenizer.json"), texts);

    // Variant: add_prefix_space in the pre-tokenizer and offset trimming in the post-processor.
    ref.add(
        "pre_tokenizer",
        JsonParser.parseString(
            "{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":true,\"use_regex\":true}"));
    ref.add(
        "post_processor",
        JsonParser.parseString(
            "{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":true,\"use_regex\":true}"));
    Path variant = Files.createDirectories(tmp.resolve("variant")).resolve("tokenizer.json");
    Files.writeString(variant, ref.toString());
    prefixSpace = Tokenizer.load(variant);
    prefixSpaceChecks = new ParityChecks(prefixSpace, variant, texts);
  }

  @Test
  void singleTexts() {
    checks.check(t -> t, b -> b, false, true, Integer.MAX_VALUE);
  }

  @Test
  void libraryReadsOurTokenizerJsonTheSame() {
    ourFileChecks.check(t -> t, b -> b, false, true, 2000);
  }

  @Test
  void prefixSpaceAndTrimmedOffsets() {
    prefixSpaceChecks.check(t -> t, b -> b, false, true, 6000);
    prefixSpaceChecks.check(t -> t, b -> b, true, true, 1000);
  }

  @Test
  void pairs() {
    checks.check(t -> t, b -> b, true, true, 3000);
  }

  @Test
  void truncationWithStride() {
    checks.check(
        t -> t.withTruncation(new Truncation(20, 3, Strategy.LONGEST_FIRST, Direction.RIGHT)),
        b -> b.optTruncation(true).optMaxLength(20).optStride(3).optWithOverflowingTokens(true),
        true,
        true,
        300);
    checks.check(
        t -> t.withTruncation(new Truncation(30, 0, Strategy.ONLY_SECOND, Direction.RIGHT)),
        b -> b.optTruncateSecondOnly().optMaxLength(30).optWithOverflowingTokens(true),
        true,
        true,
        1500);
  }

  @Test
  void fixedPadding() {
    checks.check(
        t ->
            t.withTruncation(Truncation.longestFirst(40))
                .withPadding(Padding.fixed(40, 0, "[PAD]")),
        b ->
            b.optTruncation(true)
                .optMaxLength(40)
                .optPadToMaxLength()
                .optWithOverflowingTokens(true),
        false,
        true,
        1500);
  }

  @Test
  void batchPaddingToMultiple() {
    checks.checkBatch(0, "[PAD]", 16, 3200); // the library pads with its default [PAD]=0
  }

  @Test
  void decode() {
    checks.checkDecode(3000);
  }
}
