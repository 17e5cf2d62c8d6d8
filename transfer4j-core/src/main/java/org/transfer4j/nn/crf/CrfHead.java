package org.transfer4j.nn.crf;

/**
 * A tagging model whose logits are a CRF's emission scores: training takes the CRF's negative
 * log-likelihood instead of per-token cross-entropy, and decoding the Viterbi path instead of each
 * token's argmax.
 *
 * <pre>{@code
 * if (model instanceof CrfHead h && h.crf() != null) { int[][] best = h.crf().decode(..); }
 * }</pre>
 */
public interface CrfHead {
  /** The CRF, or null when this model tags with independent softmax. */
  LinearChainCrf crf();
}
