package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;

/**
 * A linear layer whose weight (and optionally bias) are parameters owned elsewhere, for output
 * layers tied to the input embeddings (Press and Wolf, 2017): BERT's {@code
 * cls.predictions.decoder} and GPT-2's {@code lm_head}. Registering the shared parameters under
 * this module's names lets a checkpoint that stores the tied copy load, while {@link
 * Module#namedParameters()} and saving list the tensor once, under its first name.
 *
 * <pre>{@code
 * TiedLinear decoder = addModule("decoder", new TiedLinear(wordEmbeddings.weight(), bias));
 * NDArray logits = decoder.forward(h); // (batch, seq, hidden) -> (batch, seq, vocab)
 * }</pre>
 */
public final class TiedLinear extends Module {
  private final Parameter weight;
  private final Parameter bias;

  /**
   * @param weight {@code (out, in)}, shared
   * @param bias {@code (out)}, shared, or null
   */
  public TiedLinear(Parameter weight, Parameter bias) {
    this.weight = addParameter("weight", weight);
    this.bias = bias == null ? null : addParameter("bias", bias);
  }

  public Parameter weight() {
    return weight;
  }

  public Parameter bias() {
    return bias;
  }

  /** {@code x}: {@code (..., in)} to {@code (..., out)}, in x's manager. */
  public NDArray forward(NDArray x) {
    return ai.djl.nn.core.Linear.linear(x, weight.value(), bias == null ? null : bias.value())
        .singletonOrThrow();
  }
}
