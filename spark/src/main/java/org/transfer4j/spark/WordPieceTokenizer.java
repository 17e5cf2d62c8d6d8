package org.transfer4j.spark;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.transfer4j.tokenize.Model;
import org.transfer4j.tokenize.model.WordPiece;

/**
 * A WordPiece (BERT, DistilBERT, MiniLM: {@code ##} continuation pieces, {@code [UNK]} for what the
 * vocabulary cannot spell) tokenizer as a Spark ML transformer; see {@link SubwordTokenizer} for
 * the columns and parameters. A tokenizer of another kind is refused when the schema is checked.
 *
 * <pre>{@code
 * Dataset<Row> tokens = new WordPieceTokenizer().setModel("all-MiniLM-L6-v2").setInputCol("text").transform(df);
 * }</pre>
 */
public final class WordPieceTokenizer extends SubwordTokenizer<WordPieceTokenizer> {
  private static final long serialVersionUID = 1L;

  public WordPieceTokenizer() {
    this(Identifiable.randomUID("wordPieceTokenizer"));
  }

  public WordPieceTokenizer(String uid) {
    super(uid);
  }

  public static MLReader<WordPieceTokenizer> read() {
    return new DefaultParamsReader<>();
  }

  @Override
  protected Class<? extends Model> modelClass() {
    return WordPiece.class;
  }
}
