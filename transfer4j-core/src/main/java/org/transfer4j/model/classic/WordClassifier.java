package org.transfer4j.model.classic;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.WordVectorModel;
import org.transfer4j.nn.Linear;
import org.transfer4j.nn.SpatialDropout;

/**
 * What the three word-vector classifiers share beyond {@link WordVectorModel}: spatial dropout on
 * the embedding, and the input convention. Inputs come in the fine-tuning layout {@code [CLS] w1 ..
 * wn [SEP] [PAD]..} of the shared data layer; the classic models read only {@code w1 .. wn}: the
 * first position and the final {@code [SEP]} are dropped and every position past a row's words
 * becomes padding (id 0, the zero vector).
 */
public abstract class WordClassifier extends WordVectorModel<WordClassifierConfig> {
  protected WordClassifier(WordClassifierConfig config, NDManager manager) {
    super(config, manager);
  }

  @Override
  public String architecture() {
    return WordClassifierConfig.className(config.architecture());
  }

  @Override
  public Map<String, NDArray> forwardNamed(ModelInput input, OutputOptions options) {
    NDArray ids = input.inputIds(); // (batch, seq) [CLS] words [SEP] padding
    NDManager m = ids.getManager();
    int batch = (int) ids.getShape().get(0);
    int seq = (int) ids.getShape().get(1);
    int[] lengths = new int[batch];
    long[] mask =
        input.attentionMask() == null
            ? null
            : input.attentionMask().toType(DataType.INT64, false).toLongArray();
    int width = Math.max(1, seq - 1);
    float[] wordMask = new float[batch * width];
    for (int b = 0; b < batch; b++) {
      int real = seq;
      if (mask != null) {
        real = 0;
        for (int t = 0; t < seq; t++) {
          real += mask[b * seq + t] != 0 ? 1 : 0;
        }
      }
      lengths[b] = Math.max(0, real - 2);
      for (int t = 0; t < lengths[b]; t++) {
        wordMask[b * width + t] = 1f;
      }
    }
    NDArray wm = m.create(wordMask, new Shape(batch, width)); // (batch, words)
    NDArray words =
        seq > 1 ? ids.get(new NDIndex(":, 1:")) : m.zeros(new Shape(batch, 1), DataType.INT64);
    words = words.toType(DataType.INT64, false).mul(wm.toType(DataType.INT64, false));
    NDArray x = embeddings.forward(words); // (batch, words, dim)
    x = SpatialDropout.apply(x, config.embeddingDropoutProb(), isTraining());
    return Map.of("logits", classify(x, wm, lengths));
  }

  /**
   * The logits {@code (batch, labels)} from word vectors {@code x (batch, words, dim)}, the word
   * mask {@code (batch, words)} and each row's word count.
   */
  protected abstract NDArray classify(NDArray x, NDArray mask, int[] lengths);

  /** A layer initialised like PyTorch's {@code nn.Linear} (std 1/sqrt(3 in), zero bias). */
  protected static Linear linear(NDManager manager, int in, int out) {
    return new Linear(manager, in, out, true, (float) (1 / Math.sqrt(3.0 * in)));
  }
}
