package org.transfer4j.model.bert;

import ai.djl.ndarray.NDManager;
import org.transfer4j.nn.Linear;
import org.transfer4j.nn.Module;
import org.transfer4j.nn.Parameter;

/**
 * Hugging Face's {@code cls} module: the masked LM head {@code predictions} and/or the two-way
 * {@code seq_relationship} classifier (next-sentence prediction in BERT, sentence-order prediction
 * when trained so, Lan et al. 2020).
 */
public final class BertPreTrainingHeads extends Module {
  private final BertLMPredictionHead predictions;
  private final Linear seqRelationship;

  public BertPreTrainingHeads(
      BertConfig c, NDManager m, Parameter wordEmbeddings, boolean mlm, boolean nsp) {
    predictions =
        mlm ? addModule("predictions", new BertLMPredictionHead(c, m, wordEmbeddings)) : null;
    seqRelationship =
        nsp
            ? addModule(
                "seq_relationship", new Linear(m, c.hiddenSize(), 2, true, c.initializerRange()))
            : null;
  }

  /** The masked LM head, or null. */
  public BertLMPredictionHead predictions() {
    return predictions;
  }

  /** The two-way sentence relationship classifier, or null. */
  public Linear seqRelationship() {
    return seqRelationship;
  }
}
