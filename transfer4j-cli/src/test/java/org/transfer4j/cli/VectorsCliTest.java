package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.testing.SharedData;

/** The vectors verbs, and a word model trained, evaluated and used from the command line. */
class VectorsCliTest {
  @TempDir Path dir;

  private Path table() throws IOException {
    // man (1,0,0), woman (1,1,0), king (1,0,1), queen (1,1,1), apple (0,0,-1)
    return Files.writeString(
        dir.resolve("t.vec"),
        "5 3\nman 1 0 0\nwoman 1 1 0\nking 1 0 1\nqueen 1 1 1\napple 0 0 -1\n");
  }

  @Test
  void neighboursAndAnalogy() throws IOException {
    Path v = table();
    CliTest.Result n =
        CliTest.run("vectors", "neighbours", "--vectors", v.toString(), "-k", "2", "king");
    assertThat(n.code()).as(n.err()).isZero();
    assertThat(n.out())
        .isEqualTo("king:\n  queen                0.8165\n  man                  0.7071\n");
    CliTest.Result a =
        CliTest.run(
            "vectors", "analogy", "--vectors", v.toString(), "-k", "1", "man", "king", "woman");
    assertThat(a.out()).contains("man : king :: woman : ?").contains("queen                0.9753");
    CliTest.Result unknown =
        CliTest.run("vectors", "neighbours", "--vectors", v.toString(), "King");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("error: 'King' is not in the vectors (5 words)");
  }

  @Test
  void coverageCountsUnknownTokens() throws IOException {
    Path v = table();
    Path text = Files.writeString(dir.resolve("c.txt"), "king, queen and the king!\nMan apple\n");
    CliTest.Result w =
        CliTest.run(
            "vectors",
            "coverage",
            "--vectors",
            v.toString(),
            "--input",
            text.toString(),
            "--tokenizer",
            "whitespace",
            "--lowercase");
    assertThat(w.code()).as(w.err()).isZero();
    // whitespace: king, | queen | and | the | king! | man | apple -> 4 of 7 unknown
    assertThat(w.out()).contains("tokens:          7").contains("unknown tokens:  4 (57.14%)");
    CliTest.Result p =
        CliTest.run(
            "vectors",
            "coverage",
            "--vectors",
            v.toString(),
            "--input",
            text.toString(),
            "--tokenizer",
            "wordpunct",
            "--lowercase");
    // wordpunct: king , queen and the king ! man apple -> ",", "and", "the", "!" unknown
    assertThat(p.out()).contains("tokens:          9").contains("unknown tokens:  4 (44.44%)");
  }

  /** Texts of 1..20 words: the 95th percentile (nearest rank) is 19 words. */
  @Test
  void tokenizerStatsMeasuresWords() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int n = 1; n <= 20; n++) {
      b.append("Word".repeat(1)).append(" w".repeat(n - 1)).append('\n');
    }
    Path f = Files.writeString(dir.resolve("lengths.txt"), b);
    CliTest.Result r =
        CliTest.run(
            "tokenizer",
            "stats",
            "--word",
            "whitespace",
            "--lowercase",
            "--min-frequency",
            "1",
            f.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("tokens:          210")
        .contains("vocabulary:      4 (min frequency 1")
        .contains("max length:      19 (the 95th percentile: longer texts, 5.0%, are cut)");
    CliTest.Result both =
        CliTest.run("tokenizer", "stats", "--word", "wordpunct", "-t", "x", f.toString());
    assertThat(both.code()).isEqualTo(2);
  }

  @Test
  void malformedVectorsFileIsOneErrorLine() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.vec"), "2 3\nman 1 0 0\nwoman 1 oops 0\n");
    CliTest.Result r = CliTest.run("vectors", "neighbours", "--vectors", bad.toString(), "man");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: " + bad + ":3: 'oops' is not a number");
  }

  /**
   * BANKING77 (10 of its intents) with the real GloVe sample: a CNN trained by the CLI, then
   * evaluate and predict reload the folder and agree with the run's test score.
   */
  @Test
  void cnnOnBanking77EndToEnd() throws IOException {
    Path b77 = SharedData.require("data/banking77");
    Path glove = SharedData.require("data/wordvectors/glove.6B.100d.sample.txt");
    Set<String> keep =
        Set.of(
            "activate_my_card",
            "age_limit",
            "apple_pay_or_google_pay",
            "atm_support",
            "change_pin",
            "exchange_rate",
            "lost_or_stolen_phone",
            "terminate_account",
            "top_up_limits",
            "card_arrival");
    Path train = subset(b77.resolve("train.csv"), keep, dir.resolve("train.csv"), 0, 2);
    Path valid = subset(b77.resolve("train.csv"), keep, dir.resolve("valid.csv"), 1, 8);
    Path test = subset(b77.resolve("test.csv"), keep, dir.resolve("test.csv"), 0, 1);
    Path out = dir.resolve("cnn");
    CliTest.Result r =
        CliTest.run(
            "finetune",
            "classify",
            "--arch",
            "cnn",
            "--vectors",
            glove.toString(),
            "--lowercase",
            "--max-length",
            "auto",
            "--hidden",
            "32",
            "--kernel-sizes",
            "2,3",
            "--train",
            train.toString(),
            "--validation",
            valid.toString(),
            "--test",
            test.toString(),
            "--label-column",
            "category",
            "--epochs",
            "4",
            "--lr",
            "3e-3",
            "--batch-size",
            "32",
            "--output",
            out.toString(),
            "--threads",
            "2");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("cnn on glove.6B.100d.sample.txt (100 vectors, dim 100)");
    String line = r.out().lines().filter(l -> l.startsWith("test: ")).findFirst().orElseThrow();
    double acc = Double.parseDouble(line.replaceAll(".*accuracy=([0-9.]+).*", "$1"));
    assertThat(acc).isGreaterThan(0.8);

    CliTest.Result e =
        CliTest.run("evaluate", "--model", out.toString(), "--data", test.toString());
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(e.out()).contains(String.format(java.util.Locale.ROOT, "accuracy=%.4f", acc));
    Path q = Files.writeString(dir.resolve("q.txt"), "how do I change my pin?\n");
    CliTest.Result p = CliTest.run("predict", "--model", out.toString(), "--input", q.toString());
    assertThat(p.out())
        .startsWith("{\"text\":\"how do I change my pin?\",\"label\":\"change_pin\"");
    assertThat(p.err()).doesNotContain("UTF-8");

    // Regression: predict replaced invalid UTF-8 silently; it now counts and reports it.
    Path latin1 = dir.resolve("latin1.txt");
    Files.write(latin1, "caf\u00e9 card\n".getBytes(StandardCharsets.ISO_8859_1));
    CliTest.Result l =
        CliTest.run("predict", "--model", out.toString(), "--input", latin1.toString());
    assertThat(l.code()).as(l.err()).isZero();
    assertThat(l.out()).startsWith("{\"text\":\"caf\uFFFD card\"");
    assertThat(l.err())
        .contains(
            "warning: "
                + latin1
                + ": 1 invalid UTF-8 sequence replaced with U+FFFD (first at line 1)");
  }

  /** Rows of the kept labels whose index modulo {@code every} is {@code rest}. */
  private static Path subset(Path from, Set<String> keep, Path to, int rest, int every)
      throws IOException {
    List<CSVRecord> rows = new ArrayList<>();
    try (var parser =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .build()
            .parse(Files.newBufferedReader(from, StandardCharsets.UTF_8))) {
      parser.forEach(rows::add);
    }
    try (CSVPrinter p =
        new CSVPrinter(Files.newBufferedWriter(to, StandardCharsets.UTF_8), CSVFormat.DEFAULT)) {
      p.printRecord("text", "category");
      int i = 0;
      for (CSVRecord row : rows) {
        if (keep.contains(row.get("category")) && i++ % every == rest) {
          p.printRecord(row.get("text"), row.get("category"));
        }
      }
    }
    return to;
  }
}
