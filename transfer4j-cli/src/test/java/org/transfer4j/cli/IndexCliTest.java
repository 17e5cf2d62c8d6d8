package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.transfer4j.cli.CliTest.run;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.cli.CliTest.Result;
import org.transfer4j.embed.EmbedFixtures;
import org.transfer4j.search.IndexMetadata;

/**
 * index build, index search and knn in-process on a tiny golden BERT (2 layers, hidden 32) whose
 * word {@code w<i>} is token i: 60 texts of two labels, "a" drawn from words 10..39 and "b" from
 * 50..79.
 */
class IndexCliTest {
  @TempDir static Path tmp;
  static Path model;
  static Path train;
  static Path index;

  @BeforeAll
  static void buildIndex() throws IOException {
    model = EmbedFixtures.bert(tmp.resolve("model"));
    Random rnd = new Random(3);
    List<String> lines = new ArrayList<>(List.of("text,category"));
    for (int i = 0; i < 60; i++) {
      boolean a = i % 2 == 0;
      int base = a ? 10 : 50;
      int[] ids = new int[4 + rnd.nextInt(6)];
      for (int j = 0; j < ids.length; j++) {
        ids[j] = base + rnd.nextInt(30);
      }
      lines.add(EmbedFixtures.text(ids) + "," + (a ? "a" : "b"));
    }
    train = tmp.resolve("train.csv");
    Files.write(train, lines);
    index = tmp.resolve("index");
    Result r =
        run(
            "index",
            "build",
            "--model",
            model.toString(),
            "--input",
            train.toString(),
            "--label-column",
            "category",
            "--output",
            index.toString(),
            "--threads",
            "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("indexed 60 texts").contains("32 dimensions");
  }

  @Test
  void buildRecordsTheModelAndRefusesToOverwrite() throws IOException {
    IndexMetadata m = IndexMetadata.read(index);
    assertThat(m.count()).isEqualTo(60);
    assertThat(m.dimension()).isEqualTo(32);
    assertThat(m.model()).isEqualTo(model.toAbsolutePath().normalize().toString());
    assertThat(m.pooling()).isEqualTo("mean");
    assertThat(m.similarity()).isEqualTo("dot_product");
    assertThat(m.textColumn()).isEqualTo("text");
    assertThat(m.labelColumn()).isEqualTo("category");
    assertThat(m.fingerprint()).isNotBlank();

    Result again =
        run(
            "index",
            "build",
            "--model",
            model.toString(),
            "--input",
            train.toString(),
            "--output",
            index.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).startsWith("error: ").contains("--overwrite").doesNotContain("\tat ");
  }

  @Test
  void searchFindsTheQueryItselfFirstWithHnswAndExact() {
    String query = Files.exists(train) ? firstText() : null;
    for (String mode : List.of("hnsw", "exact")) {
      List<String> args =
          new ArrayList<>(
              List.of("index", "search", "--index", index.toString(), "--query", query, "-k", "3"));
      if (mode.equals("exact")) {
        args.add("--exact");
      }
      Result r = run(args.toArray(String[]::new));
      assertThat(r.code()).as(r.err()).isZero();
      List<String> lines = r.out().lines().toList();
      assertThat(lines).as(mode).hasSize(3);
      JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
      assertThat(first.get("query").getAsString()).isEqualTo(query);
      assertThat(first.get("rank").getAsInt()).isEqualTo(1);
      assertThat(first.get("text").getAsString()).isEqualTo(query);
      assertThat(first.get("label").getAsString()).isEqualTo("a");
      assertThat(first.get("score").getAsDouble()).as(mode).isCloseTo(1.0, within(1e-5));
      double third =
          JsonParser.parseString(lines.get(2)).getAsJsonObject().get("score").getAsDouble();
      assertThat(third).isLessThanOrEqualTo(first.get("score").getAsDouble());
    }
  }

  /**
   * The shared NeighbourOptions mixin keeps each verb's own -k default: 5 for search, 1 for knn.
   */
  @Test
  void searchAndKnnKeepTheirOwnDefaultK() {
    for (String[] verb : new String[][] {{"index", "search", "5"}, {"knn", "1"}}) {
      List<String> args = new ArrayList<>(List.of(verb).subList(0, verb.length - 1));
      args.add("--help");
      Result r = run(args.toArray(String[]::new));
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out())
          .as(args.toString())
          .contains("Neighbours per query (default: " + verb[verb.length - 1] + ")");
    }
  }

  @Test
  void badEncoderFlagsOfIndexBuildAreOneErrorLine() {
    for (List<String> bad : List.of(List.of("--pooling", "sum"), List.of("--batch-size", "0"))) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "index",
                  "build",
                  "--model",
                  model.toString(),
                  "--input",
                  train.toString(),
                  "-o",
                  tmp.resolve("bad-index").toString()));
      args.addAll(bad);
      Result r = run(args.toArray(String[]::new));
      assertThat(r.code()).as(bad + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(bad.toString()).startsWith("error: " + bad.get(0) + " ");
      assertThat(r.err()).doesNotContain("\tat ");
    }
  }

  @Test
  void queryWithAnotherModelIsRefused() throws IOException {
    Path other = EmbedFixtures.distilBert(tmp.resolve("other-model"));
    Result r =
        run(
            "index",
            "search",
            "--index",
            index.toString(),
            "--query",
            "w10 w11",
            "--model",
            other.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("error: ")
        .contains("fingerprint")
        .contains(other.toString())
        .doesNotContain("\tat ");
  }

  /** The training file against its own index: every text's nearest neighbour is itself. */
  @Test
  void knnOnTheTrainingTextsIsPerfectWithOneNeighbourAndWritesEvaluatesReport() throws IOException {
    Path out = tmp.resolve("knn-report");
    Result r =
        run(
            "knn",
            "--index",
            index.toString(),
            "--input",
            train.toString(),
            "--output",
            out.toString(),
            "--threads",
            "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("accuracy")
        .contains("accuracy=1.0000")
        .contains("HNSW recall@1 against exact: 1.0000")
        .contains("queries/s: exact");
    for (String f :
        List.of("report.json", "report.csv", "report.txt", "confusion.png", "knn.json")) {
      assertThat(out.resolve(f)).as(f).exists();
    }
    JsonObject knn =
        JsonParser.parseString(Files.readString(out.resolve("knn.json"))).getAsJsonObject();
    assertThat(knn.get("accuracy").getAsDouble()).isEqualTo(1.0);
    assertThat(knn.get("queries").getAsInt()).isEqualTo(60);
  }

  private static String firstText() {
    try {
      return Files.readAllLines(train).get(1).split(",")[0];
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
