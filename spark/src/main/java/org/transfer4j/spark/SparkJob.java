package org.transfer4j.spark;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.transfer4j.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The batch job that {@code spark-submit} and {@code ./transfer4j-spark} run: embed, classify or
 * tag the text column of a Parquet, JSON lines or CSV input and write the input's rows with the
 * results beside them.
 *
 * <pre>
 * spark-submit --class org.transfer4j.spark.SparkJob transfer4j-spark-all.jar \
 *   classify --model /models/banking77 --input tickets.parquet --output labelled
 * ./transfer4j-spark embed --master local[2] --model all-MiniLM-L6-v2 --input t.csv --output v
 * </pre>
 */
@Command(
    name = "transfer4j-spark",
    mixinStandardHelpOptions = true,
    description = "Embed, classify or tag a text column with Apache Spark.")
public final class SparkJob implements Callable<Integer> {
  private final PrintWriter out;

  SparkJob(PrintWriter out) {
    this.out = out;
  }

  /** Options every verb takes. */
  static final class JobOptions {
    @Option(
        names = "--master",
        description =
            "Spark master: local[N], spark://host:7077, yarn; default: spark-submit's, else local[*]")
    String master;

    @Option(names = "--model", required = true, description = "Model folder or built-in name.")
    String model;

    @Option(names = "--input", required = true, description = "Input file or folder.")
    String input;

    @Option(names = "--output", required = true, description = "Output folder.")
    String output;

    @Option(
        names = "--format",
        description = "parquet, json or csv; default: from the input's extension, else parquet")
    String format;

    @Option(names = "--output-format", description = "Output format; default: --format's.")
    String outputFormat;

    @Option(
        names = "--text-column",
        defaultValue = "text",
        description = "Column of texts (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(
        names = "--batch-size",
        defaultValue = "32",
        description = "Texts per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
        names = "--max-length",
        defaultValue = "0",
        description = "Tokens per text; 0: the model's (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--overwrite", description = "Replace the output folder if it exists.")
    boolean overwrite;
  }

  @Override
  public Integer call() {
    CommandLine.usage(this, System.err);
    return 2;
  }

  @Command(name = "embed", description = "Sentence vectors as array<float> column 'embedding'.")
  int embed(
      @Mixin JobOptions o,
      @Option(names = "--pooling", defaultValue = "mean", description = "mean, cls or max.")
          String pooling,
      @Option(names = "--no-normalize", description = "Keep vectors unnormalised.")
          boolean noNormalize) {
    SentenceEmbedder e =
        new SentenceEmbedder()
            .setPooling(pooling)
            .setNormalize(!noNormalize)
            .setVectorType("array");
    return run("embed", o, e);
  }

  @Command(
      name = "classify",
      description = "Label(s) in 'prediction' and probabilities in 'probability' (a map).")
  int classify(@Mixin JobOptions o) {
    return run("classify", o, new TextClassifier());
  }

  @Command(name = "tag", description = "Arrays 'words' and 'tags' (one tag per word).")
  int tag(@Mixin JobOptions o) {
    return run("tag", o, new TokenTagger());
  }

  private int run(String verb, JobOptions o, TextTransformer<?> t) {
    t.setModel(o.model)
        .setInputCol(o.textColumn)
        .setBatchSize(o.batchSize)
        .setMaxLength(o.maxLength);
    DataFiles.Format in = DataFiles.Format.of(o.format, o.input);
    DataFiles.Format outFormat =
        o.outputFormat == null ? in : DataFiles.Format.of(o.outputFormat, o.output);
    if (!o.input.contains("://") && !Files.exists(Path.of(o.input))) {
      throw new BadInputException("--input " + o.input + ": no such file or folder");
    }
    if (!o.overwrite && !o.output.contains("://") && Files.exists(Path.of(o.output))) {
      throw new BadInputException(
          "--output " + o.output + " already exists; remove it or give --overwrite");
    }
    SparkSession.Builder b = SparkSession.builder().appName("transfer4j-spark " + verb);
    if (o.master != null) {
      b.master(o.master);
    } else if (System.getProperty("spark.master") == null) {
      b.master("local[*]");
    }
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    long start = System.nanoTime();
    Dataset<Row> rows = in.read(spark, o.input);
    long n = rows.count();
    outFormat.write(t.transform(rows), o.output, o.overwrite);
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(
        Locale.ROOT,
        "%s: %d rows in %.1f s (%.1f rows/s) with %s, %d engine threads per executor -> %s%n",
        verb,
        n,
        seconds,
        n / seconds,
        spark.sparkContext().master(),
        t.getEngineThreads() > 0
            ? t.getEngineThreads()
            : EngineThreads.perExecutor(spark.sparkContext().getConf()),
        o.output);
    out.flush();
    return 0;
  }

  /** Runs the job; returns the exit code (2 for bad input, with one {@code error:} line). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new SparkJob(out));
    cl.setOut(out).setErr(err);
    cl.setExecutionExceptionHandler(
        (e, c, p) -> {
          String message = badInput(e);
          if (message == null) {
            throw e;
          }
          err.println("error: " + message);
          err.flush();
          return 2;
        });
    return cl.execute(args);
  }

  /** The message of a bad-input cause (also one thrown on an executor), or null. */
  static String badInput(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof BadInputException) {
        return c.getMessage();
      }
      if (c instanceof AnalysisException a) {
        return a.getSimpleMessage();
      }
    }
    return null;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(out, err, args);
    // spark-submit waits for non-daemon threads; exit explicitly like the CLI does.
    System.exit(code);
  }
}
