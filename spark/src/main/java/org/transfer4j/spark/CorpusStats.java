package org.transfer4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.transfer4j.BadInputException;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.tokenize.word.LengthStats;

/**
 * What {@code transfer4j tokenizer stats} reports, computed by Spark over a corpus of any size:
 * texts, tokens, the unknown-token rate, exact nearest-rank length percentiles ({@link
 * LengthStats}) and the most frequent tokens. Lengths are aggregated as a histogram (length ->
 * texts), which is small whatever the corpus, so the percentiles are exact without collecting every
 * length on the driver.
 *
 * <pre>{@code
 * CorpusStats s = CorpusStats.of(df, new WordPieceTokenizer().setModel("all-MiniLM-L6-v2"), 20);
 * System.out.println(s.lengths().lengthLine() + ", unknown " + s.unknownRate());
 * }</pre>
 *
 * @param lengths tokens per text (the tokenizer's special tokens included when it adds them)
 * @param unknown tokens that are the tokenizer's unknown token (0 when it has none, e.g. BPE)
 * @param unknownToken the unknown token, or null
 * @param distinctTokens different tokens seen
 * @param top the most frequent tokens, most frequent first
 */
public record CorpusStats(
    LengthStats lengths,
    long unknown,
    String unknownToken,
    long distinctTokens,
    List<TokenCount> top) {

  /** A token and how often it occurs. */
  public record TokenCount(String token, long count) {}

  /** Tokens per text over all texts. */
  public double unknownRate() {
    return lengths.tokens() == 0 ? 0 : (double) unknown / lengths.tokens();
  }

  /**
   * Tokenizes the non-null texts of {@code tokenizer}'s input column in {@code df} and aggregates
   * them; {@code top} most frequent tokens are kept (they need the tokenizer's tokens column).
   */
  public static CorpusStats of(Dataset<?> df, SubwordTokenizer<?> tokenizer, int top) {
    Tokenizer t = tokenizer.tokenizer();
    JsonElement unk = t.model().toJson().get("unk_token");
    String unkToken = unk == null || unk.isJsonNull() ? null : unk.getAsString();
    int unkId = unkToken == null ? -1 : t.tokenToId(unkToken);
    String ids = tokenizer.getOutputCol();
    Dataset<Row> tokens = tokenizer.transform(df.filter(col(tokenizer.getInputCol()).isNotNull()));
    tokens.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> perText =
          tokens.select(
              size(col(ids)).as("len"),
              expr("size(filter(`" + ids + "`, x -> x = " + unkId + "))").as("unk"));
      List<Row> histogram =
          perText
              .groupBy("len")
              .agg(count(lit(1)).as("texts"), sum("unk").as("unk"))
              .collectAsList();
      TreeMap<Integer, Long> byLength = new TreeMap<>();
      long unknown = 0;
      for (Row r : histogram) {
        byLength.put(r.getInt(0), r.getLong(1));
        unknown += r.isNullAt(2) ? 0 : r.getLong(2);
      }
      if (byLength.isEmpty()) {
        throw new BadInputException(
            "column " + tokenizer.getInputCol() + " has no texts; nothing to measure");
      }
      long distinct = 0;
      List<TokenCount> frequent = new ArrayList<>();
      String tokCol = tokenizer.getTokensCol();
      if (!tokCol.isEmpty()) {
        Dataset<Row> counts =
            tokens.select(explode(col(tokCol)).as("token")).groupBy("token").count();
        distinct = counts.count();
        for (Row r : counts.orderBy(col("count").desc(), col("token")).limit(top).collectAsList()) {
          frequent.add(new TokenCount(r.getString(0), r.getLong(1)));
        }
      }
      return new CorpusStats(lengths(byLength), unknown, unkToken, distinct, frequent);
    } finally {
      tokens.unpersist();
    }
  }

  /**
   * {@link LengthStats} of a histogram, percentiles by the same nearest rank as {@link
   * LengthStats#percentile}.
   */
  static LengthStats lengths(TreeMap<Integer, Long> byLength) {
    long n = 0;
    long total = 0;
    for (var e : byLength.entrySet()) {
      n += e.getValue();
      total += (long) e.getKey() * e.getValue();
    }
    if (n > Integer.MAX_VALUE) {
      throw new BadInputException(
          n + " texts: above what LengthStats counts (" + Integer.MAX_VALUE + "); sample them");
    }
    return new LengthStats(
        (int) n,
        total,
        byLength.firstKey(),
        byLength.lastKey(),
        (double) total / n,
        percentile(byLength, n, 50),
        percentile(byLength, n, 90),
        percentile(byLength, n, 95),
        percentile(byLength, n, 99));
  }

  private static int percentile(TreeMap<Integer, Long> byLength, long n, double p) {
    long rank = Math.max(1, (long) Math.ceil(p / 100.0 * n));
    long seen = 0;
    for (var e : byLength.entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return e.getKey();
      }
    }
    return byLength.lastKey();
  }

  /** The report, as {@code transfer4j tokenizer stats} prints it. */
  public String report() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "texts:           %d%n", lengths.texts()));
    b.append(
        String.format(
            Locale.ROOT, "tokens:          %d (%d distinct)%n", lengths.tokens(), distinctTokens));
    b.append(
        unknownToken == null
            ? String.format("unknown:         0 (the model has no unknown token)%n")
            : String.format(
                Locale.ROOT,
                "unknown:         %d (%.3f%% of tokens are %s)%n",
                unknown,
                100 * unknownRate(),
                unknownToken));
    b.append("length:          ").append(lengths.lengthLine()).append(System.lineSeparator());
    for (TokenCount c : top) {
      b.append(String.format(Locale.ROOT, "  %-16s %d%n", c.token(), c.count()));
    }
    return b.toString();
  }
}
