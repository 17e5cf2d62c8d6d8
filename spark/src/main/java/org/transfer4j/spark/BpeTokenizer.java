package org.transfer4j.spark;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.transfer4j.tokenize.Model;
import org.transfer4j.tokenize.model.Bpe;

/**
 * A byte-pair encoding (GPT-2, RoBERTa: byte-level merges, no unknown token) tokenizer as a Spark
 * ML transformer; see {@link SubwordTokenizer} for the columns and parameters. A tokenizer of
 * another kind is refused when the schema is checked.
 *
 * <pre>{@code
 * Dataset<Row> tokens = new BpeTokenizer().setModel("/models/gpt2/tokenizer.json").setAddSpecialTokens(false).transform(df);
 * }</pre>
 */
public final class BpeTokenizer extends SubwordTokenizer<BpeTokenizer> {
  private static final long serialVersionUID = 1L;

  public BpeTokenizer() {
    this(Identifiable.randomUID("bpeTokenizer"));
  }

  public BpeTokenizer(String uid) {
    super(uid);
  }

  public static MLReader<BpeTokenizer> read() {
    return new DefaultParamsReader<>();
  }

  @Override
  protected Class<? extends Model> modelClass() {
    return Bpe.class;
  }
}
