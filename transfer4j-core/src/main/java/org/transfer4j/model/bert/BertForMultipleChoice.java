package org.transfer4j.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.transfer4j.BadInputException;
import org.transfer4j.model.EncoderOutput;
import org.transfer4j.model.LogitsOutput;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.nn.Dropout;
import org.transfer4j.nn.Linear;
import org.transfer4j.nn.Pooling;

/**
 * Multiple choice (Devlin et al., 2019, section 4.4, SWAG): each (context, choice) pair is encoded
 * separately, the pooled [CLS] (or, with {@code classifier_pooling = mean}, the masked mean of the
 * pair's hidden states, for checkpoints without a pooler) gets one score from {@code classifier},
 * and the scores of one question are compared with a softmax over its choices.
 *
 * <pre>{@code
 * // input_ids (batch, choices, seq)
 * NDArray logits = model.forward(in, OutputOptions.NONE).logits(); // (batch, choices)
 * NDArray p = logits.softmax(-1);
 * }</pre>
 */
public final class BertForMultipleChoice extends BertHeadModel {
  private final Linear classifier;

  public BertForMultipleChoice(BertConfig config, NDManager manager) {
    super(config, manager, !config.meanPooling());
    classifier =
        addModule(
            "classifier",
            new Linear(manager, config.hiddenSize(), 1, true, config.initializerRange()));
  }

  @Override
  public String architecture() {
    return "BertForMultipleChoice";
  }

  /**
   * @param in {@code (batch, choices, seq)} inputs
   * @return logits {@code (batch, choices)}; the encoder output covers {@code batch * choices} rows
   */
  public LogitsOutput forward(ModelInput in, OutputOptions options) {
    if (in.inputIds().getShape().dimension() != 3) {
      throw new BadInputException(
          "multiple choice needs input_ids of shape (batch, choices, seq), got "
              + in.inputIds().getShape());
    }
    long choices = in.inputIds().getShape().get(1);
    ModelInput flat = in.flattenChoices(); // (batch * choices, seq)
    EncoderOutput enc = bert.forward(flat, options);
    NDArray sentence =
        config.meanPooling()
            ? Pooling.maskedMean(enc.hidden(), flat.attentionMask())
            : enc.pooled(); // (batch * choices, hidden)
    NDArray x = Dropout.apply(sentence, config.effectiveClassifierDropout(), isTraining());
    return new LogitsOutput(classifier.forward(x).reshape(-1, choices), enc);
  }

  @Override
  public Map<String, NDArray> forwardNamed(ModelInput input, OutputOptions options) {
    return BertOutputs.named(forward(input, options));
  }
}
