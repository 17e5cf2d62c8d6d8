package org.transfer4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.transfer4j.BadInputException;

/**
 * The parameters and execution every transfer4j Spark transformer shares: {@code inputCol}, {@code
 * outputCol}, {@code model} (a folder or a built-in model name), {@code batchSize}, {@code
 * maxLength} and {@code engineThreads}. {@link #transform} appends the subclass's columns with
 * {@code mapPartitions} ({@link PartitionRunner}); the input's other columns are kept. Parameters
 * are saved and loaded with {@link DefaultParamsWritable} (the model is saved as its path or name,
 * not its weights).
 *
 * <pre>{@code
 * Dataset<Row> out = new SentenceEmbedder().setModel("all-MiniLM-L6-v2")
 *     .setInputCol("text").setOutputCol("embedding").transform(df);
 * }</pre>
 *
 * @param <T> the subclass, so setters chain
 */
public abstract class TextTransformer<T extends TextTransformer<T>> extends Transformer
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> outputCol;
  private final Param<String> model;
  private final IntParam batchSize;
  private final IntParam maxLength;
  private final IntParam engineThreads;

  protected TextTransformer(String uid, String defaultOutput) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "column of texts to read");
    outputCol = new Param<>(this, "outputCol", "column to write");
    model = new Param<>(this, "model", "model folder (local or shared path) or built-in name");
    batchSize = new IntParam(this, "batchSize", "texts per forward pass (>= 1)");
    maxLength =
        new IntParam(
            this, "maxLength", "tokens per text, specials included; 0: the model's own maximum");
    engineThreads =
        new IntParam(
            this,
            "engineThreads",
            "PyTorch threads per executor; 0: spark.executor.cores (N of local[N])");
    setDefault(inputCol, "text");
    setDefault(outputCol, defaultOutput);
    setDefault(batchSize, 32);
    setDefault(maxLength, 0);
    setDefault(engineThreads, 0);
  }

  @SuppressWarnings("unchecked")
  protected final T self() {
    return (T) this;
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public Param<String> model() {
    return model;
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public IntParam maxLength() {
    return maxLength;
  }

  public IntParam engineThreads() {
    return engineThreads;
  }

  public String getInputCol() {
    return getOrDefault(inputCol);
  }

  public String getOutputCol() {
    return getOrDefault(outputCol);
  }

  public String getModel() {
    if (!isDefined(model)) {
      throw new BadInputException(
          getClass().getSimpleName() + ": set the model (a folder or a built-in model name)");
    }
    return getOrDefault(model);
  }

  public int getBatchSize() {
    return (Integer) getOrDefault(batchSize);
  }

  public int getMaxLength() {
    return (Integer) getOrDefault(maxLength);
  }

  public int getEngineThreads() {
    return (Integer) getOrDefault(engineThreads);
  }

  public T setInputCol(String v) {
    set(inputCol, v);
    return self();
  }

  public T setOutputCol(String v) {
    set(outputCol, v);
    return self();
  }

  public T setModel(String v) {
    set(model, v);
    return self();
  }

  public T setBatchSize(int v) {
    if (v < 1) {
      throw new BadInputException("batchSize must be at least 1, got " + v);
    }
    set(batchSize, v);
    return self();
  }

  public T setMaxLength(int v) {
    if (v < 0) {
      throw new BadInputException("maxLength must be 0 (the model's maximum) or more, got " + v);
    }
    set(maxLength, v);
    return self();
  }

  public T setEngineThreads(int v) {
    if (v < 0) {
      throw new BadInputException("engineThreads must be 0 (automatic) or more, got " + v);
    }
    set(engineThreads, v);
    return self();
  }

  /** The columns this transformer appends, given the input schema. */
  protected abstract List<StructField> outputFields(StructType in);

  /** What the executors run; holds only paths and options. */
  protected abstract BatchModel batchModel(StructType in);

  /** Whether the input column may be {@code array<string>} (pre-split words) besides a string. */
  protected boolean acceptsWords() {
    return false;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String in = getInputCol();
    if (!Arrays.asList(schema.fieldNames()).contains(in)) {
      throw new BadInputException(
          "inputCol "
              + in
              + ": no such column; the columns are "
              + Arrays.toString(schema.fieldNames())
              + " (set inputCol, or --text-column)");
    }
    DataType type = schema.apply(in).dataType();
    boolean words = type instanceof ArrayType a && a.elementType().equals(DataTypes.StringType);
    if (!type.equals(DataTypes.StringType) && !(acceptsWords() && words)) {
      throw new BadInputException(
          "inputCol "
              + in
              + " is "
              + type.simpleString()
              + "; expected string"
              + (acceptsWords() ? " or array<string>" : ""));
    }
    List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
    for (StructField f : outputFields(schema)) {
      if (Arrays.asList(schema.fieldNames()).contains(f.name())) {
        throw new BadInputException(
            "output column " + f.name() + " already exists; choose another name or drop it first");
      }
      fields.add(f);
    }
    return new StructType(fields.toArray(StructField[]::new));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType in = dataset.schema();
    StructType out = transformSchema(in);
    int threads =
        getEngineThreads() > 0
            ? getEngineThreads()
            : EngineThreads.perExecutor(dataset.sparkSession().sparkContext().getConf());
    PartitionRunner runner =
        new PartitionRunner(
            in.fieldIndex(getInputCol()),
            32 * getBatchSize(),
            threads,
            batchModel(in),
            out.size() - in.size());
    return dataset.toDF().mapPartitions(runner, Encoders.row(out));
  }

  @Override
  public T copy(ParamMap extra) {
    return defaultCopy(extra);
  }
}
