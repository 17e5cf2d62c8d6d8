package org.transfer4j.tokenize.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.testing.SharedData;
import org.transfer4j.tokenize.BertOptions;
import org.transfer4j.tokenize.Encoding;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.tokenize.pretokenizer.ByteLevel;

/**
 * Tokenizers trained on BANKING77 (PolyAI, CC BY 4.0) encode its test texts exactly as the Hugging
 * Face tokenizers library does with the {@code tokenizer.json} we wrote, and our byte-level BPE
 * trainer learns exactly the vocabulary and merges of Hugging Face's own trainer.
 */
class TrainedTokenizerOracleTest {
  @TempDir Path dir;

  static List<String> texts(Path csv) throws IOException {
    List<String> out = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      for (CSVRecord rec :
          CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
        out.add(rec.get("text"));
      }
    }
    return out;
  }

  @Test
  void wordPieceMatchesHuggingFace() throws IOException {
    Path train = SharedData.require("data/banking77/train.csv");
    Path test = SharedData.require("data/banking77/test.csv");
    Tokenizer ours =
        TokenizerTrainer.wordPiece(
            Corpus.files(List.of(train), "text"),
            BertOptions.uncased(),
            TrainerConfig.wordPiece(30_000),
            Progress.none());
    assertThat(ours.idToToken(0)).isEqualTo("[PAD]");
    assertThat(ours.idToToken(4)).isEqualTo("[MASK]");
    // min frequency 2 ends training before 30,000 on this small corpus
    assertThat(ours.vocabSize()).isBetween(2000, 30_000);
    ours.save(dir);
    assertThat(dir.resolve("vocab.txt")).exists();
    List<String> texts = texts(test);
    texts.add("Héllo WORLD, my £50 top-up   failed!! 你好 [CLS] [MASK]");
    compare(ours, Tokenizer.load(dir), dir.resolve("tokenizer.json"), texts);
  }

  @Test
  void byteLevelBpeMatchesHuggingFace() throws IOException {
    Path train = SharedData.require("data/banking77/train.csv");
    Path test = SharedData.require("data/banking77/test.csv");
    Tokenizer ours =
        TokenizerTrainer.byteLevelBpe(
            Corpus.files(List.of(train), "text"),
            null,
            TrainerConfig.byteLevelBpe(5_000),
            Progress.none());
    assertThat(ours.idToToken(0)).isEqualTo("<|endoftext|>");
    ours.save(dir);
    assertThat(dir.resolve("vocab.json")).exists();
    assertThat(dir.resolve("merges.txt")).exists();
    List<String> texts = texts(test);
    texts.add("Héllo WORLD, my £50 top-up   failed!! 你好 <|endoftext|> 🙂");
    compare(ours, Tokenizer.load(dir), dir.resolve("tokenizer.json"), texts);
  }

  /**
   * The SHA-256 of the vocabulary and merges (one per line) that Hugging Face tokenizers 0.23.2's
   * {@code ByteLevelBPETokenizer().train_from_iterator(texts, vocab_size=N, min_frequency=2,
   * special_tokens=["<|endoftext|>"])} learns on the BANKING77 training texts.
   */
  @Test
  void byteLevelBpeLearnsWhatHuggingFaceLearns() throws IOException {
    Path train = SharedData.require("data/banking77/train.csv");
    Map<String, Long> counts = WordCounter.count(texts(train), ByteLevel.gpt2()::preTokenizeStr);
    TrainedBpe small = BpeTrainer.train(counts, TrainerConfig.byteLevelBpe(2000));
    assertThat(sha256(small.vocab()))
        .isEqualTo("9753a9b52e3d3fcf5896a66dec31e910b401972bd1be0131164aed43ea6fbfc0");
    assertThat(sha256(small.merges().stream().map(Object::toString).toList()))
        .isEqualTo("a670cfb92cba7b432218765fed9afe2906dd9769b1b446acff18a21374286f86");
    // 30,000 is more than the corpus gives at min frequency 2: training stops early, like HF
    TrainedBpe all = BpeTrainer.train(counts, TrainerConfig.byteLevelBpe(30_000));
    assertThat(sha256(all.vocab()))
        .isEqualTo("a66c09f88797043fcad9845a26ee50d46ddc3bd57376436b9ec228d019119f5f");
    assertThat(sha256(all.merges().stream().map(Object::toString).toList()))
        .isEqualTo("59f1a5d486c75c37fa7386294dd7341d0fa5ad35364631c392eb9c9665fb3b10");
  }

  private static void compare(Tokenizer ours, Tokenizer reloaded, Path json, List<String> texts)
      throws IOException {
    try (HuggingFaceTokenizer hf =
        HuggingFaceTokenizer.newInstance(
            json, Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"))) {
      for (String text : texts) {
        ai.djl.huggingface.tokenizers.Encoding h = hf.encode(text);
        Encoding o = ours.encode(text);
        assertThat(o.tokens()).as(text).containsExactly(h.getTokens());
        assertThat(toLongs(o.ids())).as(text).containsExactly(h.getIds());
        assertThat(toLongs(o.typeIds())).as(text).containsExactly(h.getTypeIds());
        assertThat(toLongs(o.specialTokensMask()))
            .as(text)
            .containsExactly(h.getSpecialTokenMask());
        CharSpan[] spans = h.getCharTokenSpans();
        for (int i = 0; i < spans.length; i++) {
          int[] expected =
              spans[i] == null
                  ? new int[] {0, 0}
                  : new int[] {spans[i].getStart(), spans[i].getEnd()};
          assertThat(o.offsets()[i]).as(text + " token " + i).containsExactly(expected);
        }
        assertThat(reloaded.encode(text).ids()).as(text).containsExactly(o.ids());
      }
    }
  }

  private static long[] toLongs(int[] a) {
    long[] r = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i];
    }
    return r;
  }

  private static String sha256(List<String> lines) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String l : lines) {
        md.update((l + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
