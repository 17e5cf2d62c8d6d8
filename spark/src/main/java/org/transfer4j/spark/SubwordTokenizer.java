package org.transfer4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.transfer4j.BadInputException;
import org.transfer4j.model.ModelFolders;
import org.transfer4j.tokenize.Encoding;
import org.transfer4j.tokenize.Model;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.tokenize.Truncation;

/**
 * A transfer4j tokenizer as a Spark ML transformer: {@code outputCol} gets the token ids ({@code
 * array<int>}) and {@code tokensCol} the tokens ({@code array<string>}), with the special tokens
 * ({@code [CLS]}, {@code [SEP]}) unless {@code addSpecialTokens} is false. {@code model} is a
 * {@code tokenizer.json}, a folder with one (or {@code vocab.txt}, {@code vocab.json} + {@code
 * merges.txt}) or a built-in model name; {@code maxLength} 0 means no truncation. The tokenizer's
 * own padding is dropped: each row holds its own tokens. {@link CorpusStats} aggregates these
 * columns.
 *
 * <pre>{@code
 * Dataset<Row> ids = new WordPieceTokenizer().setModel("all-MiniLM-L6-v2").transform(df);
 * }</pre>
 *
 * @param <T> the subclass, so setters chain
 */
public abstract class SubwordTokenizer<T extends SubwordTokenizer<T>> extends TextTransformer<T> {
  private static final long serialVersionUID = 1L;

  private final Param<String> tokensCol =
      new Param<>(this, "tokensCol", "column of token strings; empty: none");
  private final BooleanParam addSpecialTokens =
      new BooleanParam(this, "addSpecialTokens", "add the post-processor's [CLS]/[SEP] or <s>");

  protected SubwordTokenizer(String uid) {
    super(uid, "ids");
    setDefault(tokensCol, "tokens");
    setDefault(addSpecialTokens, true);
  }

  public Param<String> tokensCol() {
    return tokensCol;
  }

  public BooleanParam addSpecialTokens() {
    return addSpecialTokens;
  }

  public String getTokensCol() {
    return getOrDefault(tokensCol);
  }

  public boolean getAddSpecialTokens() {
    return (Boolean) getOrDefault(addSpecialTokens);
  }

  public T setTokensCol(String v) {
    set(tokensCol, v);
    return self();
  }

  public T setAddSpecialTokens(boolean v) {
    set(addSpecialTokens, v);
    return self();
  }

  /** The tokenizer model class this transformer runs ({@code WordPiece} or {@code Bpe}). */
  protected abstract Class<? extends Model> modelClass();

  /** Loads the tokenizer as the executors will, checking its model class. */
  public Tokenizer tokenizer() {
    return load(getModel(), getMaxLength(), modelClass());
  }

  static Tokenizer load(String model, int maxLength, Class<? extends Model> expected) {
    Path p = Path.of(model);
    Path source = Files.exists(p) ? p : ModelFolders.resolve(model);
    Tokenizer t;
    try {
      t = Tokenizer.load(source);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer of " + source, e);
    }
    if (!expected.isInstance(t.model())) {
      throw new BadInputException(
          "model "
              + model
              + ": its tokenizer is "
              + t.model().getClass().getSimpleName()
              + ", not "
              + expected.getSimpleName()
              + "; use the matching transformer");
    }
    return t.withPadding(null)
        .withTruncation(maxLength == 0 ? null : Truncation.longestFirst(maxLength));
  }

  @Override
  protected List<StructField> outputFields(StructType in) {
    tokenizer(); // fail on the driver, not in every task
    List<StructField> fields = new ArrayList<>();
    fields.add(
        DataTypes.createStructField(
            getOutputCol(), DataTypes.createArrayType(DataTypes.IntegerType, false), true));
    if (!getTokensCol().isEmpty()) {
      fields.add(
          DataTypes.createStructField(
              getTokensCol(), DataTypes.createArrayType(DataTypes.StringType, false), true));
    }
    return fields;
  }

  @Override
  protected BatchModel batchModel(StructType in) {
    return new Run(
        getModel(), getMaxLength(), getAddSpecialTokens(), !getTokensCol().isEmpty(), modelClass());
  }

  /** The executor side: one shared tokenizer per JVM; a batch is encoded on all cores. */
  private record Run(
      String model,
      int maxLength,
      boolean specials,
      boolean withTokens,
      Class<? extends Model> expected)
      implements BatchModel {
    @Override
    public Scope open() {
      SharedModels.Lease<Tokenizer> lease =
          SharedModels.acquire(
              "tokenizer:" + model + ":" + maxLength, () -> load(model, maxLength, expected));
      return new Scope() {
        @Override
        public Object[][] apply(List<Object> inputs) {
          List<String> texts = new ArrayList<>(inputs.size());
          inputs.forEach(t -> texts.add((String) t));
          List<Encoding> enc = lease.get().encodeBatch(texts, null, specials);
          Object[][] out = new Object[enc.size()][];
          for (int i = 0; i < out.length; i++) {
            Encoding e = enc.get(i);
            out[i] = withTokens ? new Object[] {e.ids(), e.tokens()} : new Object[] {e.ids()};
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
}
