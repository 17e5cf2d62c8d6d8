package org.transfer4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.task.TaggingTask;
import org.transfer4j.task.TaskEncoders;
import org.transfer4j.task.TaskKind;

/**
 * A fine-tuned token tagger (a folder written by {@code transfer4j tag}, e.g. NER) as a Spark ML
 * transformer. The input is a sentence as text (split on white space, as {@code transfer4j predict}
 * does) or as {@code array<string>} of words; {@code wordsCol} gets the words and {@code outputCol}
 * one tag per word ({@link TaggingTask#wordTags}: each word's first sub-token; words cut off by
 * {@code maxLength} get {@code O}).
 *
 * <pre>{@code
 * TokenTagger t = new TokenTagger().setModel("/models/conll-ner").setInputCol("sentence");
 * t.transform(df).select("words", "tags").show();
 * }</pre>
 */
public final class TokenTagger extends TextTransformer<TokenTagger> {
  private static final long serialVersionUID = 1L;

  private final Param<String> wordsCol =
      new Param<>(this, "wordsCol", "column of the words the tags belong to; empty: none");

  public TokenTagger() {
    this(Identifiable.randomUID("tokenTagger"));
  }

  public TokenTagger(String uid) {
    super(uid, "tags");
    setDefault(wordsCol, "words");
  }

  public static MLReader<TokenTagger> read() {
    return new DefaultParamsReader<>();
  }

  public Param<String> wordsCol() {
    return wordsCol;
  }

  public String getWordsCol() {
    return getOrDefault(wordsCol);
  }

  public TokenTagger setWordsCol(String v) {
    set(wordsCol, v);
    return this;
  }

  @Override
  protected boolean acceptsWords() {
    return true;
  }

  @Override
  protected List<StructField> outputFields(StructType in) {
    SharedTaskModel.info(getModel(), TaskKind.TAG, getMaxLength());
    List<StructField> fields = new ArrayList<>();
    if (!getWordsCol().isEmpty()) {
      fields.add(
          DataTypes.createStructField(
              getWordsCol(), DataTypes.createArrayType(DataTypes.StringType, false), true));
    }
    fields.add(
        DataTypes.createStructField(
            getOutputCol(), DataTypes.createArrayType(DataTypes.StringType, false), true));
    return fields;
  }

  @Override
  protected BatchModel batchModel(StructType in) {
    return new Run(getModel(), getBatchSize(), getMaxLength(), !getWordsCol().isEmpty());
  }

  /** Words of a text as {@code transfer4j predict} splits them: on runs of white space. */
  static List<String> words(Object input) {
    if (input instanceof String s) {
      return s.isBlank() ? List.of() : List.of(s.strip().split("\\s+"));
    }
    @SuppressWarnings("unchecked")
    List<String> words = (List<String>) input;
    return words;
  }

  /** The executor side: encode outside the lock, one forward pass at a time, tags per word. */
  private record Run(String model, int batchSize, int maxLength, boolean withWords)
      implements BatchModel {
    @Override
    public Scope open() {
      SharedTaskModel m = SharedTaskModel.open(model, maxLength);
      return new Scope() {
        @Override
        public Object[][] apply(List<Object> inputs) {
          TaskEncoders enc = m.encoders();
          List<List<String>> sentences = inputs.stream().map(TokenTagger::words).toList();
          List<EncodedExample> examples =
              sentences.parallelStream().map(w -> EncodedExample.unlabeled(enc.words(w))).toList();
          float[][] logits = m.logits(examples, batchSize);
          List<String> labels = m.model().labels();
          Object[][] out = new Object[logits.length][];
          for (int i = 0; i < logits.length; i++) {
            List<String> words = sentences.get(i);
            String[] tags =
                TaggingTask.wordTags(examples.get(i), logits[i], labels, words.size())
                    .toArray(String[]::new);
            out[i] =
                withWords ? new Object[] {words.toArray(String[]::new), tags} : new Object[] {tags};
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
