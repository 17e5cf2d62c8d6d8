package org.transfer4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.testing.SharedData;

/**
 * The data layer with a real tokenizer: the Hugging Face tokenizers library (test-scope oracle)
 * with the bert-base-uncased vocabulary, on BANKING77 texts.
 */
class RealTokenizerIntegrationTest {
  private static final SpecialTokens SP = SpecialTokens.bertBaseUncased();
  private static HuggingFaceTokenizer hf;
  @TempDir Path tmp;

  @BeforeAll
  static void load(@TempDir Path dir) throws Exception {
    Path vocab = SharedData.require("data/tokenizers/bert-base-uncased/vocab.txt");
    JsonObject v = new JsonObject();
    List<String> lines = Files.readAllLines(vocab, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      v.addProperty(lines.get(i), i);
    }
    JsonObject model = new JsonObject();
    model.addProperty("type", "WordPiece");
    model.addProperty("unk_token", "[UNK]");
    model.addProperty("continuing_subword_prefix", "##");
    model.addProperty("max_input_chars_per_word", 100);
    model.add("vocab", v);
    JsonObject norm = new JsonObject();
    norm.addProperty("type", "BertNormalizer");
    norm.addProperty("clean_text", true);
    norm.addProperty("handle_chinese_chars", true);
    norm.add("strip_accents", null);
    norm.addProperty("lowercase", true);
    JsonObject pre = new JsonObject();
    pre.addProperty("type", "BertPreTokenizer");
    JsonObject post = new JsonObject();
    post.addProperty("type", "BertProcessing");
    post.add("sep", pair("[SEP]", 102));
    post.add("cls", pair("[CLS]", 101));
    JsonObject tj = new JsonObject();
    tj.addProperty("version", "1.0");
    tj.add("truncation", null);
    tj.add("padding", null);
    tj.add("added_tokens", new JsonArray());
    tj.add("normalizer", norm);
    tj.add("pre_tokenizer", pre);
    tj.add("post_processor", post);
    tj.add("decoder", null);
    tj.add("model", model);
    Path file = dir.resolve("tokenizer.json");
    Files.writeString(file, new com.google.gson.GsonBuilder().serializeNulls().create().toJson(tj));
    hf = HuggingFaceTokenizer.builder().optTokenizerPath(file).optAddSpecialTokens(false).build();
  }

  @AfterAll
  static void close() {
    if (hf != null) {
      hf.close();
    }
  }

  private static JsonArray pair(String token, int id) {
    JsonArray a = new JsonArray();
    a.add(token);
    a.add(id);
    return a;
  }

  private static int[] ints(long[] ids) {
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  private static final TokenEncoder WORDPIECE =
      text -> ints(hf.encode(text, false, false).getIds());

  @Test
  void bertLayoutMatchesTheReferencePairEncoding() throws Exception {
    List<TextExample> ex =
        ClassificationReader.read(
            SharedData.require("data/banking77/train.csv"),
            new ClassificationColumns("text", null, "category"));
    PairEncoder mine = BertLayout.pairEncoder(WORDPIECE, SP, 512);
    for (int i = 0; i + 1 < 400; i += 2) {
      String a = ex.get(i).text();
      String b = ex.get(i + 1).text();
      Encoding ref = hf.encode(a, b, true, false);
      EncodedInput got = mine.encode(a, b);
      assertThat(got.ids()).as("ids of %s / %s", a, b).containsExactly(ints(ref.getIds()));
      assertThat(got.typeIds()).containsExactly(ints(ref.getTypeIds()));
      EncodedInput single = mine.encode(a, null);
      assertThat(single.ids()).containsExactly(ints(hf.encode(a, true, false).getIds()));
    }
  }

  @Test
  void banking77PretrainingBatchesWithWordPieceIds() throws Exception {
    List<TextExample> ex =
        ClassificationReader.read(
            SharedData.require("data/banking77/train.csv"),
            new ClassificationColumns("text", null, "category"));
    Path corpus = tmp.resolve("banking.txt");
    try (BufferedWriter w = Files.newBufferedWriter(corpus, StandardCharsets.UTF_8)) {
      for (TextExample e : ex) {
        w.write(e.text().replace('\n', ' '));
        w.newLine();
      }
    }
    try (TokenCache cache =
        TokenCache.openOrBuild(
            tmp.resolve("cache"), List.of(corpus), WORDPIECE, "bert-uncased", 2)) {
      assertThat(cache.lines()).isEqualTo(10_003);
      assertThat(cache.line(0))
          .containsExactly(ints(hf.encode(ex.get(0).text(), false, false).getIds()));
      MaxLengthChoice max = LengthRules.resolveMaxLength("auto", cache.lengthHistogram(), 512);
      assertThat(max.maxLength() % 8).isZero();
      assertThat(max.percentileLength() + 3).isLessThanOrEqualTo(max.maxLength());
      PretrainingDataset data =
          new PretrainingDataset(
              cache, SP, PretrainingDataset.Options.defaults(max.maxLength(), 64, 1));
      long masks = 0;
      long selected = 0;
      for (int k = 0; k < 20; k++) {
        PretrainingBatch b = data.batch(0, k);
        for (int r = 0; r < b.batchSize(); r++) {
          assertThat(b.inputIds()[r * b.seqLen()]).isEqualTo(SP.cls());
        }
        for (int i = 0; i < b.inputIds().length; i++) {
          masks += b.inputIds()[i] == SP.mask() ? 1 : 0;
          assertThat(b.inputIds()[i]).isBetween(0L, (long) SP.vocabSize() - 1);
        }
        selected += b.maskedPositions().length;
      }
      assertThat(selected).isPositive();
      assertThat((double) masks / selected).isBetween(0.7, 0.9);
    }
  }
}
