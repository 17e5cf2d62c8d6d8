package org.transfer4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.transfer4j.BadInputException;

/**
 * The batch job's inputs and outputs: Parquet, JSON lines or CSV (with a header), as Spark reads
 * and writes them (a file or a folder of part files, local or on a cluster file system). CSV holds
 * no arrays or maps, so those columns are written as JSON text; quotes are doubled (RFC 4180).
 *
 * <pre>{@code
 * DataFiles.Format f = DataFiles.Format.of(null, "tickets.csv"); // CSV, from the extension
 * Dataset<Row> in = f.read(spark, "tickets.csv");
 * f.write(result, "labelled", false);
 * }</pre>
 */
public final class DataFiles {
  private DataFiles() {}

  /** A file format Spark reads and writes. */
  public enum Format {
    PARQUET,
    JSON,
    CSV;

    /**
     * {@code name} ({@code parquet}, {@code json} or {@code jsonl}, {@code csv}) or, when null, the
     * extension of {@code path} (a folder without one is Parquet, Spark's own format).
     */
    public static Format of(String name, String path) {
      String n = name;
      if (n == null) {
        String p = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        n =
            p.endsWith(".csv")
                ? "csv"
                : p.endsWith(".json") || p.endsWith(".jsonl") ? "json" : "parquet";
      }
      return switch (n.strip().toLowerCase(Locale.ROOT)) {
        case "parquet" -> PARQUET;
        case "json", "jsonl" -> JSON;
        case "csv" -> CSV;
        default ->
            throw new BadInputException(
                "--format " + name + ": unknown format; use parquet, json or csv");
      };
    }

    /** Reads {@code path}. */
    public Dataset<Row> read(SparkSession spark, String path) {
      return switch (this) {
        case PARQUET -> spark.read().parquet(path);
        case JSON -> spark.read().json(path);
        case CSV ->
            spark
                .read()
                .option("header", "true")
                .option("multiLine", "true")
                .option("escape", "\"")
                .csv(path);
      };
    }

    /** Writes {@code df} to {@code path} (a folder of part files). */
    public void write(Dataset<Row> df, String path, boolean overwrite) {
      SaveMode mode = overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists;
      switch (this) {
        case PARQUET -> df.write().mode(mode).parquet(path);
        case JSON -> df.write().mode(mode).json(path);
        // RFC 4180 quoting ("" inside quotes), which pandas and Commons CSV read, not Spark's \".
        case CSV ->
            flat(df).write().mode(mode).option("header", "true").option("escape", "\"").csv(path);
      }
    }
  }

  /** {@code df} with every array, map or struct column as JSON text. */
  static Dataset<Row> flat(Dataset<Row> df) {
    StructType schema = df.schema();
    Column[] cols = new Column[schema.size()];
    for (int i = 0; i < cols.length; i++) {
      StructField f = schema.fields()[i];
      boolean nested =
          f.dataType() instanceof ArrayType
              || f.dataType() instanceof MapType
              || f.dataType() instanceof StructType;
      cols[i] = nested ? to_json(col(f.name())).as(f.name()) : col(f.name());
    }
    return df.select(cols);
  }
}
