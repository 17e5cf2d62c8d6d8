package org.transfer4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.transfer4j.BadInputException;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.task.Classification;
import org.transfer4j.task.TaskEncoders;
import org.transfer4j.task.TaskInfo;
import org.transfer4j.task.TaskKind;
import scala.collection.JavaConverters;

/**
 * A fine-tuned classifier (a folder written by {@code transfer4j classify}) as a Spark ML
 * transformer: {@code outputCol} gets the predicted label ({@code string}), or for a multi-label
 * model the labels at or above its threshold ({@code array<string>}); {@code probabilityCol} gets
 * every label's probability as a {@code map<string,double>} ({@code probabilityType=map}) or a
 * Spark ML {@code Vector} in label id order ({@code probabilityType=vector}). The values are those
 * of {@link Classification#of}, the same as {@code transfer4j predict}. A null text gives nulls.
 *
 * <pre>{@code
 * TextClassifier c = new TextClassifier().setModel("/models/banking77")
 *     .setInputCol("text").setOutputCol("intent").setProbabilityType("vector");
 * Dataset<Row> labelled = c.transform(tickets);
 * }</pre>
 */
public final class TextClassifier extends TextTransformer<TextClassifier> {
  private static final long serialVersionUID = 1L;

  private final Param<String> probabilityCol =
      new Param<>(this, "probabilityCol", "column of label probabilities; empty: none");
  private final Param<String> probabilityType =
      new Param<>(this, "probabilityType", "map (label -> probability) or vector (label id order)");

  public TextClassifier() {
    this(Identifiable.randomUID("textClassifier"));
  }

  public TextClassifier(String uid) {
    super(uid, "prediction");
    setDefault(probabilityCol, "probability");
    setDefault(probabilityType, "map");
  }

  public static MLReader<TextClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public Param<String> probabilityCol() {
    return probabilityCol;
  }

  public Param<String> probabilityType() {
    return probabilityType;
  }

  public String getProbabilityCol() {
    return getOrDefault(probabilityCol);
  }

  public TextClassifier setProbabilityCol(String v) {
    set(probabilityCol, v);
    return this;
  }

  public TextClassifier setProbabilityType(String v) {
    set(probabilityType, checkType(v));
    return this;
  }

  private static String checkType(String v) {
    String t = v.strip().toLowerCase(Locale.ROOT);
    if (!t.equals("map") && !t.equals("vector")) {
      throw new BadInputException("probabilityType " + v + ": use map or vector");
    }
    return t;
  }

  private boolean asVector() {
    return checkType(getOrDefault(probabilityType)).equals("vector");
  }

  private boolean withProbabilities() {
    return !getProbabilityCol().isEmpty();
  }

  @Override
  protected List<StructField> outputFields(StructType in) {
    TaskInfo info = SharedTaskModel.info(getModel(), TaskKind.CLASSIFY, getMaxLength());
    List<StructField> fields = new ArrayList<>();
    DataType label =
        info.multiLabel()
            ? DataTypes.createArrayType(DataTypes.StringType, false)
            : DataTypes.StringType;
    fields.add(DataTypes.createStructField(getOutputCol(), label, true));
    if (withProbabilities()) {
      DataType probs =
          asVector()
              ? SQLDataTypes.VectorType()
              : DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false);
      fields.add(DataTypes.createStructField(getProbabilityCol(), probs, true));
    }
    return fields;
  }

  @Override
  protected BatchModel batchModel(StructType in) {
    return new Run(getModel(), getBatchSize(), getMaxLength(), withProbabilities(), asVector());
  }

  /** The executor side: encode outside the lock, one forward pass at a time, decide per row. */
  private record Run(
      String model, int batchSize, int maxLength, boolean withProbabilities, boolean asVector)
      implements BatchModel {
    @Override
    public Scope open() {
      SharedTaskModel m = SharedTaskModel.open(model, maxLength);
      return new Scope() {
        @Override
        public Object[][] apply(List<Object> inputs) {
          TaskEncoders enc = m.encoders();
          List<EncodedExample> examples =
              inputs.parallelStream()
                  .map(t -> EncodedExample.unlabeled(enc.pairs().encode((String) t, null)))
                  .toList();
          float[][] logits = m.logits(examples, batchSize);
          TaskInfo info = m.model().info();
          List<String> labels = m.model().labels();
          Object[][] out = new Object[logits.length][];
          for (int i = 0; i < logits.length; i++) {
            Classification c = Classification.of(logits[i], labels, info);
            Object label = info.multiLabel() ? c.labels().toArray(String[]::new) : c.label();
            if (!withProbabilities) {
              out[i] = new Object[] {label};
            } else if (asVector) {
              out[i] = new Object[] {label, Vectors.dense(c.probabilityArray())};
            } else {
              out[i] =
                  new Object[] {
                    label, JavaConverters.mapAsScalaMapConverter(c.probabilities()).asScala()
                  };
            }
          }
          return out;
        }

        @Override
        public void close() {
          m.close();
        }
      };
    }
  }
}
