package org.transfer4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.transfer4j.BadInputException;
import org.transfer4j.embed.EncoderOptions;
import org.transfer4j.embed.SentenceEncoder;
import org.transfer4j.embed.SentencePooling;

/**
 * Sentence vectors as a Spark ML transformer: each text of {@code inputCol} becomes a vector in
 * {@code outputCol}, computed by {@link SentenceEncoder} (pooling {@code mean}, {@code cls} or
 * {@code max}, L2-normalised unless {@code normalize} is false), as a Spark ML {@code Vector}
 * ({@code vectorType=vector}, for MLlib's estimators) or {@code array<float>} ({@code
 * vectorType=array}, for Parquet, JSON and vector stores). A null text gives a null vector; a text
 * longer than {@code maxLength} tokens keeps its first tokens.
 *
 * <pre>{@code
 * SentenceEmbedder e = new SentenceEmbedder().setModel("all-MiniLM-L6-v2")
 *     .setInputCol("text").setOutputCol("embedding").setBatchSize(64);
 * Dataset<Row> vectors = e.transform(spark.read().parquet("tickets.parquet"));
 * }</pre>
 */
public final class SentenceEmbedder extends TextTransformer<SentenceEmbedder> {
  private static final long serialVersionUID = 1L;

  private final Param<String> pooling =
      new Param<>(this, "pooling", "how token vectors become one: mean, cls or max");
  private final BooleanParam normalize =
      new BooleanParam(this, "normalize", "divide each vector by its L2 norm");
  private final Param<String> vectorType =
      new Param<>(this, "vectorType", "vector (Spark ML Vector) or array (array<float>)");

  public SentenceEmbedder() {
    this(Identifiable.randomUID("sentenceEmbedder"));
  }

  public SentenceEmbedder(String uid) {
    super(uid, "embedding");
    setDefault(pooling, "mean");
    setDefault(normalize, true);
    setDefault(vectorType, "vector");
  }

  public static MLReader<SentenceEmbedder> read() {
    return new DefaultParamsReader<>();
  }

  public Param<String> pooling() {
    return pooling;
  }

  public BooleanParam normalize() {
    return normalize;
  }

  public Param<String> vectorType() {
    return vectorType;
  }

  public SentenceEmbedder setPooling(String v) {
    set(pooling, SentencePooling.parse(v).id());
    return this;
  }

  public SentenceEmbedder setNormalize(boolean v) {
    set(normalize, v);
    return this;
  }

  public SentenceEmbedder setVectorType(String v) {
    set(vectorType, checkVectorType(v));
    return this;
  }

  /** The encoder options these parameters describe. */
  public EncoderOptions options() {
    return new EncoderOptions(
        SentencePooling.parse(getOrDefault(pooling)),
        (Boolean) getOrDefault(normalize),
        getBatchSize(),
        getMaxLength());
  }

  private static String checkVectorType(String v) {
    String t = v.strip().toLowerCase(Locale.ROOT);
    if (!t.equals("vector") && !t.equals("array")) {
      throw new BadInputException("vectorType " + v + ": use vector or array");
    }
    return t;
  }

  private boolean asArray() {
    return checkVectorType(getOrDefault(vectorType)).equals("array");
  }

  @Override
  protected List<StructField> outputFields(StructType in) {
    return List.of(
        DataTypes.createStructField(
            getOutputCol(),
            asArray()
                ? DataTypes.createArrayType(DataTypes.FloatType, false)
                : SQLDataTypes.VectorType(),
            true));
  }

  @Override
  protected BatchModel batchModel(StructType in) {
    EncoderOptions o = options();
    return new Run(getModel(), o.pooling(), o.normalize(), o.batchSize(), o.maxLength(), asArray());
  }

  /** The executor side: a shared {@link SentenceEncoder} per model and options. */
  private record Run(
      String model,
      SentencePooling pooling,
      boolean normalize,
      int batchSize,
      int maxLength,
      boolean asArray)
      implements BatchModel {
    @Override
    public Scope open() {
      EncoderOptions options = new EncoderOptions(pooling, normalize, batchSize, maxLength);
      SharedModels.Lease<SentenceEncoder> lease =
          SharedModels.acquire(
              "embed:" + model + ":" + options, () -> SentenceEncoder.load(model, options));
      return new Scope() {
        @Override
        public Object[][] apply(List<Object> inputs) {
          List<String> texts = new ArrayList<>(inputs.size());
          inputs.forEach(t -> texts.add((String) t));
          SentenceEncoder enc = lease.get();
          float[][] v;
          synchronized (enc) {
            v = enc.encode(texts);
          }
          Object[][] out = new Object[v.length][];
          for (int i = 0; i < v.length; i++) {
            out[i] = new Object[] {asArray ? v[i] : Vectors.dense(toDouble(v[i]))};
          }
          return out;
        }

        @Override
        public void close() {
          lease.close();
        }
      };
    }
  }

  static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }
}
