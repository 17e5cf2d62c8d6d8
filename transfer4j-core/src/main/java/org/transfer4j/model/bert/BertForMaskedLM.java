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
 * BERT with only the masked LM head ({@code cls.predictions}); no pooler, as in Hugging Face, so
 * pooler and next-sentence weights of a pretraining checkpoint are ignored.
 *
 * <pre>{@code
 * LogitsOutput out = new BertForMaskedLM(config, manager).forward(in, OutputOptions.NONE);
 * }</pre>
 */
public final class BertForMaskedLM extends BertHeadModel {
  private final BertPreTrainingHeads cls;

  public BertForMaskedLM(BertConfig config, NDManager manager) {
    super(config, manager, false);
    cls =
        addModule(
            "cls",
            new BertPreTrainingHeads(
                config, manager, bert.embeddings().words().weight(), true, false));
  }

  @Override
  public String architecture() {
    return "BertForMaskedLM";
  }

  @Override
  public List<Pattern> ignoredOnLoad() {
    return List.of(
        Pattern.compile("(^|\\.)position_ids$"),
        Pattern.compile("(^|\\.)pooler\\."),
        Pattern.compile("^cls\\.seq_relationship\\."));
  }

  /** Vocabulary logits {@code (batch, seq, vocab)}. */
  public LogitsOutput forward(ModelInput in, OutputOptions options) {
    EncoderOutput enc = bert.forward(in, options);
    return new LogitsOutput(cls.predictions().forward(enc.hidden()), enc);
  }

  /** Vocabulary logits {@code (n, vocab)} only at flat positions of {@code batch * seq}. */
  public LogitsOutput forward(ModelInput in, OutputOptions options, NDArray flatPositions) {
    EncoderOutput enc = bert.forward(in, options);
    return new LogitsOutput(cls.predictions().forwardAt(enc.hidden(), flatPositions), enc);
  }

  @Override
  public Map<String, NDArray> forwardNamed(ModelInput input, OutputOptions options) {
    return BertOutputs.named(forward(input, options));
  }
}
