package org.transfer4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.task.TaskFixtures;

/** The batch job end to end on CSV and JSON lines, the input's other columns kept. */
class SparkJobTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static Path classifier;

  @BeforeAll
  static void start() throws Exception {
    classifier = SparkFixtures.classifier(dir, false);
    spark = SparkFixtures.session();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SparkJob.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void classifiesACsvKeepingItsColumns() throws Exception {
    Path in = dir.resolve("tickets.csv");
    Files.writeString(
        in,
        "ticket,body,channel\n7,we ate the pizza,mail\n8,\"the robot, the team\",chat\n9,,chat\n");
    Path out = dir.resolve("labelled");
    Result r =
        run(
            "classify",
            "--master",
            "local[2]",
            "--model",
            classifier.toString(),
            "--input",
            in.toString(),
            "--output",
            out.toString(),
            "--text-column",
            "body");
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("classify: 3 rows in ");
    List<Row> rows =
        spark
            .read()
            .option("header", "true")
            .option("escape", "\"")
            .csv(out.toString())
            .orderBy("ticket")
            .collectAsList();
    assertThat(rows.get(0).schema().fieldNames())
        .containsExactly("ticket", "body", "channel", "prediction", "probability");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).getString(2)).isEqualTo("mail");
    assertThat(rows.get(0).getString(3)).isIn(TaskFixtures.TOPICS.keySet());
    assertThat(rows.get(1).getString(4)).startsWith("{\"").contains("\"food\":");
    assertThat(rows.get(2).isNullAt(3)).isTrue();
  }

  @Test
  void jsonLinesInParquetOutAndErrorsAreOneLine() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, "{\"id\": 1, \"text\": \"we ate the pizza\"}\n");
    Path out = dir.resolve("out");
    Result ok =
        run(
            "classify",
            "--master",
            "local[1]",
            "--model",
            classifier.toString(),
            "--input",
            in.toString(),
            "--output",
            out.toString(),
            "--output-format",
            "parquet");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(spark.read().parquet(out.toString()).columns())
        .containsExactly("id", "text", "prediction", "probability");

    Result exists =
        run(
            "classify",
            "--model",
            classifier.toString(),
            "--input",
            in.toString(),
            "--output",
            out.toString());
    assertThat(exists.code()).isEqualTo(2);
    assertThat(exists.err())
        .isEqualTo("error: --output " + out + " already exists; remove it or give --overwrite\n");

    Result column =
        run(
            "classify",
            "--model",
            classifier.toString(),
            "--input",
            in.toString(),
            "--output",
            dir.resolve("o2").toString(),
            "--text-column",
            "body");
    assertThat(column.code()).isEqualTo(2);
    assertThat(column.err())
        .startsWith("error: inputCol body: no such column; the columns are [id, text]");
  }
}
