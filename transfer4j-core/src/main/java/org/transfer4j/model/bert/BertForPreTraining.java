package org.transfer4j.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.transfer4j.model.EncoderOutput;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.PreTrainingOutput;

/**
 * BERT with both pretraining heads (Devlin et al., 2019, section 3.1): masked LM ({@code
 * cls.predictions}, decoder tied to the word embeddings) and next-sentence prediction ({@code
 * cls.seq_relationship} on the pooled [CLS]).
 *
 * <pre>{@code
 * var model = new BertForPreTraining(BertConfig.tiny(), manager);
 * PreTrainingOutput out = model.forward(in, OutputOptions.NONE);
 * PreTrainingOutput fast = model.forward(in, OutputOptions.NONE, maskedFlatPositions);
 * }</pre>
 */
public final class BertForPreTraining extends BertHeadModel {
  private final BertPreTrainingHeads cls;

  public BertForPreTraining(BertConfig config, NDManager manager) {
    super(config, manager, true);
    cls =
        addModule(
            "cls",
            new BertPreTrainingHeads(
                config, manager, bert.embeddings().words().weight(), true, true));
  }

  @Override
  public String architecture() {
    return "BertForPreTraining";
  }

  public BertPreTrainingHeads cls() {
    return cls;
  }

  /**
   * MLM logits for every position {@code (batch, seq, vocab)} and NSP logits {@code (batch, 2)}.
   */
  public PreTrainingOutput forward(ModelInput in, OutputOptions options) {
    return forward(in, options, null);
  }

  /**
   * @param maskedPositions int64 {@code (n)} indices into the flattened {@code batch * seq} tokens
   *     at which to score the vocabulary (then the MLM logits are {@code (n, vocab)}), or null for
   *     all positions
   */
  public PreTrainingOutput forward(ModelInput in, OutputOptions options, NDArray maskedPositions) {
    EncoderOutput enc = bert.forward(in, options);
    NDArray mlm =
        maskedPositions == null
            ? cls.predictions().forward(enc.hidden())
            : cls.predictions().forwardAt(enc.hidden(), maskedPositions);
    NDArray nsp = cls.seqRelationship().forward(enc.pooled());
    return new PreTrainingOutput(mlm, nsp, enc);
  }

  @Override
  public Map<String, NDArray> forwardNamed(ModelInput input, OutputOptions options) {
    PreTrainingOutput o = forward(input, options);
    Map<String, NDArray> out = new LinkedHashMap<>();
    o.encoder().putNamed(out);
    out.put("mlm_logits", o.mlmLogits());
    out.put("seq_relationship_logits", o.seqRelationshipLogits());
    return out;
  }
}
