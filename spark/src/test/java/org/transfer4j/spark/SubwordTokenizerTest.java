package org.transfer4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.testing.SharedData;
import org.transfer4j.tokenize.Encoding;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.tokenize.word.LengthStats;

class SubwordTokenizerTest {
  static final List<String> TEXTS =
      Arrays.asList(
          "Tokenization isn't hard",
          null,
          "My card 🙂 arrived ☃ today!",
          "",
          "unbelievably long words: antidisestablishmentarianism",
          "the the the the");
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkFixtures.session();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void wordPieceIdsAndTokensEqualTheLibrarys() throws Exception {
    List<Row> rows =
        new WordPieceTokenizer()
            .setModel("all-MiniLM-L6-v2")
            .transform(SparkFixtures.rows(spark, 8, TEXTS))
            .orderBy("id")
            .collectAsList();
    Tokenizer t = Tokenizer.load(ModelFolders.resolve("all-MiniLM-L6-v2"));
    for (int i = 0; i < TEXTS.size(); i++) {
      if (TEXTS.get(i) == null) {
        assertThat(rows.get(i).isNullAt(2)).isTrue();
        continue;
      }
      Encoding want = t.encode(TEXTS.get(i));
      assertThat(rows.get(i).<Integer>getList(2))
          .containsExactlyElementsOf(Arrays.stream(want.ids()).boxed().toList());
      assertThat(rows.get(i).<String>getList(3)).containsExactly(want.tokens());
    }
    assertThat(rows.get(2).<String>getList(3)).contains("[UNK]");
  }

  @Test
  void bytePairEncodingOfGpt2WithoutSpecials() throws Exception {
    Path gpt2 = SharedData.require("data/tokenizers/gpt2");
    List<Row> rows =
        new BpeTokenizer()
            .setModel(gpt2.toString())
            .setAddSpecialTokens(false)
            .setTokensCol("")
            .transform(SparkFixtures.rows(spark, 2, TEXTS))
            .orderBy("id")
            .collectAsList();
    Tokenizer t = Tokenizer.load(gpt2);
    assertThat(rows.get(0).schema().fieldNames()).containsExactly("id", "text", "ids");
    assertThat(rows.get(4).<Integer>getList(2))
        .containsExactlyElementsOf(
            Arrays.stream(t.encode(TEXTS.get(4), null, false).ids()).boxed().toList());
    assertThatThrownBy(
            () ->
                new WordPieceTokenizer()
                    .setModel(gpt2.toString())
                    .transform(SparkFixtures.rows(spark, 1, TEXTS)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("its tokenizer is Bpe, not WordPiece");
  }

  @Test
  void corpusStatisticsEqualASingleProcessCount() throws Exception {
    WordPieceTokenizer tok = new WordPieceTokenizer().setModel("all-MiniLM-L6-v2");
    CorpusStats s = CorpusStats.of(SparkFixtures.rows(spark, 3, TEXTS), tok, 3);

    Tokenizer t = Tokenizer.load(ModelFolders.resolve("all-MiniLM-L6-v2"));
    List<String> present = TEXTS.stream().filter(x -> x != null).toList();
    int[] lengths = new int[present.size()];
    long unknown = 0;
    Map<String, Long> counts = new HashMap<>();
    for (int i = 0; i < lengths.length; i++) {
      Encoding e = t.encode(present.get(i));
      lengths[i] = e.ids().length;
      for (String token : e.tokens()) {
        counts.merge(token, 1L, Long::sum);
        unknown += token.equals("[UNK]") ? 1 : 0;
      }
    }
    assertThat(s.lengths()).isEqualTo(LengthStats.of(lengths));
    assertThat(s.unknown()).isEqualTo(unknown).isEqualTo(2);
    assertThat(s.unknownToken()).isEqualTo("[UNK]");
    assertThat(s.distinctTokens()).isEqualTo(counts.size());
    // [CLS] and [SEP] once per text (5), then "the" 4 times.
    assertThat(s.top())
        .containsExactly(
            new CorpusStats.TokenCount("[CLS]", 5),
            new CorpusStats.TokenCount("[SEP]", 5),
            new CorpusStats.TokenCount("the", 4));
    assertThat(s.report()).contains("unknown:         2 (", "% of tokens are [UNK])");
  }

  @Test
  void lengthPercentilesFromAHistogramMatchNearestRank(@TempDir Path unused) {
    int[] lengths = {3, 9, 9, 1, 4, 4, 4, 12, 7, 2, 2, 30};
    java.util.TreeMap<Integer, Long> h = new java.util.TreeMap<>();
    for (int x : lengths) {
      h.merge(x, 1L, Long::sum);
    }
    assertThat(CorpusStats.lengths(h)).isEqualTo(LengthStats.of(lengths));
  }
}
