package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * BERT-style input embeddings (Devlin et al., 2019, figure 2): word + learned position (+ token
 * type) embeddings, then LayerNorm and dropout, with Hugging Face names {@code word_embeddings},
 * {@code position_embeddings}, {@code token_type_embeddings}, {@code LayerNorm}. DistilBERT uses
 * the same layout without token types. Sinusoidal positions (Vaswani et al., 2017, section 3.5) are
 * an option: the position table is then filled with sines and cosines instead of random values
 * (DistilBERT's {@code sinusoidal_pos_embds}); it stays a parameter so checkpoints round-trip.
 *
 * <pre>{@code
 * Embeddings emb = new Embeddings(m, 30522, 768, 512, 2, 0, 1e-12f, 0.1f, 0.02f, false);
 * NDArray h = emb.forward(inputIds, tokenTypeIds); // (batch, seq) -> (batch, seq, 768)
 * }</pre>
 */
public final class Embeddings extends Module implements Init.Initializable {
  private final Embedding words;
  private final Embedding positions;
  private final Embedding tokenTypes;
  private final LayerNorm norm;
  private final float dropout;
  private final int padTokenId;
  private final boolean sinusoidal;

  /**
   * @param typeVocab number of token types; 0 for none (DistilBERT)
   * @param padTokenId the padding token, whose word embedding is initialised to zero as in
   *     PyTorch's {@code padding_idx}; negative for none
   */
  public Embeddings(
      NDManager manager,
      int vocab,
      int hidden,
      int maxPositions,
      int typeVocab,
      int padTokenId,
      float eps,
      float dropout,
      float std,
      boolean sinusoidal) {
    words = addModule("word_embeddings", new Embedding(manager, vocab, hidden, std, "vocab_size"));
    positions =
        addModule(
            "position_embeddings",
            new Embedding(manager, maxPositions, hidden, std, "max_position_embeddings"));
    tokenTypes =
        typeVocab > 0
            ? addModule(
                "token_type_embeddings",
                new Embedding(manager, typeVocab, hidden, std, "type_vocab_size"))
            : null;
    norm = addModule("LayerNorm", new LayerNorm(manager, hidden, eps));
    this.dropout = dropout;
    this.padTokenId = padTokenId;
    this.sinusoidal = sinusoidal;
    resetSpecialRows();
  }

  @Override
  public void initialize(float std) {
    resetSpecialRows();
  }

  /**
   * Zeroes the padding row and writes the sinusoidal table when configured (after initialisation).
   */
  public void resetSpecialRows() {
    NDManager m = words.weight().value().getManager();
    try (NDManager tmp = m.newSubManager()) {
      if (padTokenId >= 0 && padTokenId < words.num()) {
        float[] w = words.weight().value().toFloatArray();
        int dim = (int) words.weight().shape().get(1);
        java.util.Arrays.fill(w, padTokenId * dim, (padTokenId + 1) * dim, 0f);
        words.weight().copyFrom(tmp.create(w, words.weight().shape()));
      }
      if (sinusoidal) {
        positions.weight().copyFrom(sinusoidalTable(tmp, positions.weight().shape()));
      }
    }
  }

  /**
   * The table {@code PE(pos, 2i) = sin(pos / 10000^(2i/d))}, {@code PE(pos, 2i+1) = cos(...)}, as
   * DistilBERT's {@code create_sinusoidal_embeddings} builds it.
   */
  public static NDArray sinusoidalTable(NDManager manager, Shape shape) {
    int n = (int) shape.get(0);
    int d = (int) shape.get(1);
    float[] t = new float[n * d];
    for (int pos = 0; pos < n; pos++) {
      for (int j = 0; j < d; j++) {
        double angle = pos / Math.pow(10000, 2.0 * (j / 2) / d);
        t[pos * d + j] = (float) (j % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
      }
    }
    return manager.create(t, shape);
  }

  public Embedding words() {
    return words;
  }

  public Embedding positions() {
    return positions;
  }

  /** The token type table, or null when the model has none. */
  public Embedding tokenTypes() {
    return tokenTypes;
  }

  /**
   * @param inputIds {@code (batch, seq)} int64
   * @param tokenTypeIds {@code (batch, seq)} int64, or null for all zeros
   * @return {@code (batch, seq, hidden)} in inputIds' manager
   */
  public NDArray forward(NDArray inputIds, NDArray tokenTypeIds) {
    long seq = inputIds.getShape().get(1);
    if (seq > positions.num()) {
      throw new IllegalArgumentException(
          "sequence length "
              + seq
              + " exceeds max_position_embeddings "
              + positions.num()
              + "; truncate the inputs");
    }
    NDManager m = inputIds.getManager();
    NDArray positionIds = m.arange(0, (int) seq, 1, DataType.INT64); // (seq)
    NDArray h = words.forward(inputIds).add(positions.forward(positionIds));
    if (tokenTypes != null) {
      NDArray types =
          tokenTypeIds != null ? tokenTypeIds : m.zeros(inputIds.getShape(), DataType.INT64);
      h = h.add(tokenTypes.forward(types));
    }
    return Dropout.apply(norm.forward(h), dropout, isTraining());
  }
}
