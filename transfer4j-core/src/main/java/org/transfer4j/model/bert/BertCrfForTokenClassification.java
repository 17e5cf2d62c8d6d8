package org.transfer4j.model.bert;

import ai.djl.ndarray.NDManager;
import org.transfer4j.nn.crf.CrfHead;
import org.transfer4j.nn.crf.LinearChainCrf;
import org.transfer4j.nn.crf.TransitionConstraints;

/**
 * BERT token classification with a CRF over the words (the classifier's logits on each word's first
 * sub-token are the CRF's emission scores; Souza et al., 2019 "BERT-CRF"): trained on the CRF's
 * negative log-likelihood and decoded by Viterbi. Starts unconstrained; the task sets the scheme's
 * constraints ({@link LinearChainCrf#constrain}), which are saved with the weights. Not a Hugging
 * Face class: transformers has no CRF head.
 *
 * <pre>{@code
 * BertCrfForTokenClassification m = new BertCrfForTokenClassification(config, manager);
 * m.crf().constrain(TransitionConstraints.of(config.labels().names(), TagScheme.IOB2));
 * }</pre>
 */
public final class BertCrfForTokenClassification extends BertForTokenClassification
    implements CrfHead {
  public static final String NAME = "BertCrfForTokenClassification";

  private final LinearChainCrf crf;

  public BertCrfForTokenClassification(BertConfig config, NDManager manager) {
    super(config, manager);
    int tags = config.labels().size();
    crf = addModule("crf", new LinearChainCrf(manager, tags, TransitionConstraints.none(tags)));
  }

  @Override
  public LinearChainCrf crf() {
    return crf;
  }

  @Override
  public String architecture() {
    return NAME;
  }
}
