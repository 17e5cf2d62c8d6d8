package org.transfer4j.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.transfer4j.model.EncoderOutput;
import org.transfer4j.model.LogitsOutput;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;

/**
 * BERT with only the two-way sentence relationship head ({@code cls.seq_relationship} on the pooled
 * [CLS]): next-sentence prediction, or sentence-order prediction when trained on swapped segments
 * (Lan et al., 2020).
 */
public final class BertForNextSentencePrediction extends BertHeadModel {
  private final BertPreTrainingHeads cls;

  public BertForNextSentencePrediction(BertConfig config, NDManager manager) {
    super(config, manager, true);
    cls = addModule("cls", new BertPreTrainingHeads(config, manager, null, false, true));
  }

  @Override
  public String architecture() {
    return "BertForNextSentencePrediction";
  }

  @Override
  public List<Pattern> ignoredOnLoad() {
    return List.of(
        Pattern.compile("(^|\\.)position_ids$"), Pattern.compile("^cls\\.predictions\\."));
  }

  /** Logits {@code (batch, 2)}: index 0 = "B follows A", 1 = "B is random". */
  public LogitsOutput forward(ModelInput in, OutputOptions options) {
    EncoderOutput enc = bert.forward(in, options);
    return new LogitsOutput(cls.seqRelationship().forward(enc.pooled()), enc);
  }

  @Override
  public Map<String, NDArray> forwardNamed(ModelInput input, OutputOptions options) {
    return BertOutputs.named(forward(input, options));
  }
}
