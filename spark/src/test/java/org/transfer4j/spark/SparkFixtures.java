package org.transfer4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.transfer4j.task.ClassificationTask;
import org.transfer4j.task.FinetuneConfig;
import org.transfer4j.task.TaggingTask;
import org.transfer4j.task.TaskFixtures;

/** One local Spark session per test class, tiny fine-tuned models and rows with awkward texts. */
final class SparkFixtures {
  private SparkFixtures() {}

  /** {@code local[2]}, no UI, few shuffle partitions: starts in a few seconds. */
  static SparkSession session() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("transfer4j-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
  }

  static final StructType ID_TEXT =
      new StructType()
          .add("id", DataTypes.IntegerType, false)
          .add("text", DataTypes.StringType, true);

  /**
   * {@code (id, text)} rows spread over {@code partitions} partitions (more partitions than rows
   * leaves some empty).
   */
  static Dataset<Row> rows(SparkSession spark, int partitions, List<String> texts) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      rows.add(RowFactory.create(i, texts.get(i)));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(jsc.parallelize(rows, partitions), ID_TEXT);
  }

  /** A text far longer than any model's maximum length. */
  static String longText(String word, int words) {
    String[] w = new String[words];
    Arrays.fill(w, word);
    return String.join(" ", w);
  }

  /** A tiny BERT classifier (three topics; multi-label when asked) trained for one epoch. */
  static Path classifier(Path dir, boolean multiLabel) throws IOException {
    Path tok =
        TaskFixtures.tokenizer(
            Files.createDirectories(dir.resolve("tok")), TaskFixtures.allWords());
    Path out = dir.resolve(multiLabel ? "multi" : "single");
    String metric = multiLabel ? "micro_f1" : "accuracy";
    FinetuneConfig.Builder b =
        FinetuneConfig.builder(TaskFixtures.trainer(out, 1, 3e-3, metric).plots(false).build())
            .fromScratch(TaskFixtures.tinyBert(), tok)
            .maxLength(32);
    if (multiLabel) {
      b.train(TaskFixtures.multiLabel(dir.resolve("train.jsonl"), 48, 1))
          .validation(TaskFixtures.multiLabel(dir.resolve("valid.jsonl"), 16, 2));
    } else {
      b.train(TaskFixtures.classification(dir.resolve("train.csv"), 48, 1))
          .validation(TaskFixtures.classification(dir.resolve("valid.csv"), 16, 2));
    }
    ClassificationTask.run(b.build());
    return out;
  }

  /** A tiny BERT tagger (PER, LOC) trained for one epoch. */
  static Path tagger(Path dir) throws IOException {
    Path tok =
        TaskFixtures.tokenizer(
            Files.createDirectories(dir.resolve("tok")), TaskFixtures.allWords());
    Path out = dir.resolve("tagger");
    TaggingTask.run(
        FinetuneConfig.builder(TaskFixtures.trainer(out, 1, 3e-3, "f1").plots(false).build())
            .fromScratch(TaskFixtures.tinyBert(), tok)
            .train(TaskFixtures.conll(dir.resolve("train.conll"), 48, 1))
            .validation(TaskFixtures.conll(dir.resolve("valid.conll"), 16, 2))
            .maxLength(32)
            .build());
    return out;
  }
}
