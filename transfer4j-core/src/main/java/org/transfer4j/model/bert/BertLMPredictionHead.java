package org.transfer4j.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.transfer4j.nn.Activation;
import org.transfer4j.nn.LayerNorm;
import org.transfer4j.nn.Linear;
import org.transfer4j.nn.Module;
import org.transfer4j.nn.Parameter;
import org.transfer4j.nn.TiedLinear;

/**
 * The masked-language-model head (Devlin et al., 2019, section 3.1, task 1), Hugging Face's {@code
 * cls.predictions}: {@code transform} (dense, activation, LayerNorm), then a decoder whose weight
 * is the word embedding matrix (tied, Press and Wolf 2017) plus an output {@code bias}.
 *
 * <pre>{@code
 * NDArray logits = head.forward(hidden);                 // (batch, seq, vocab)
 * NDArray some = head.forwardAt(hidden, flatPositions);  // (positions, vocab)
 * }</pre>
 */
public final class BertLMPredictionHead extends Module {
  private final Linear dense;
  private final LayerNorm norm;
  private final Activation act;
  private final TiedLinear decoder;

  public BertLMPredictionHead(BertConfig c, NDManager manager, Parameter wordEmbeddings) {
    Parameter bias = addParameter("bias", manager.zeros(new Shape(c.vocabSize())));
    Module transform = addModule("transform", new Transform());
    dense =
        ((Transform) transform)
            .add(
                "dense",
                new Linear(manager, c.hiddenSize(), c.hiddenSize(), true, c.initializerRange()));
    norm =
        ((Transform) transform)
            .add("LayerNorm", new LayerNorm(manager, c.hiddenSize(), c.layerNormEps()));
    act = c.activation();
    decoder = addModule("decoder", new TiedLinear(wordEmbeddings, bias));
  }

  /** A plain container so that names read {@code transform.dense}, {@code transform.LayerNorm}. */
  private static final class Transform extends Module {
    <M extends Module> M add(String name, M m) {
      return addModule(name, m);
    }
  }

  /** {@code (..., hidden)} to vocabulary logits {@code (..., vocab)}. */
  public NDArray forward(NDArray hidden) {
    return decoder.forward(norm.forward(act.apply(dense.forward(hidden))));
  }

  /**
   * Logits only at some positions, which saves most of the decoder's cost in pretraining (15% of
   * tokens are masked).
   *
   * @param hidden {@code (batch, seq, hidden)}
   * @param flatPositions int64 {@code (n)} indices into the flattened {@code batch * seq} tokens
   * @return {@code (n, vocab)}
   */
  public NDArray forwardAt(NDArray hidden, NDArray flatPositions) {
    long h = hidden.getShape().get(hidden.getShape().dimension() - 1);
    NDArray rows = hidden.reshape(-1, h).get(new NDIndex("{}", flatPositions));
    return forward(rows);
  }
}
