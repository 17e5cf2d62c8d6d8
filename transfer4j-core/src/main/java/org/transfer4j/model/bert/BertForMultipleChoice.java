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

/**
 * Multiple choice (Devlin et al., 2019, section 4.4, SWAG): each (context, choice) pair is encoded
 * separately, the pooled [CLS] gets one score from {@code classifier}, and the scores of one
 * question are compared with a softmax over its choices.
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
    super(config, manager, true);
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
    EncoderOutput enc = bert.forward(in.flattenChoices(), options);
    NDArray x = Dropout.apply(enc.pooled(), config.effectiveClassifierDropout(), isTraining());
    return new LogitsOutput(classifier.forward(x).reshape(-1, choices), enc);
  }

  @Override
  public Map<String, NDArray> forwardNamed(ModelInput input, OutputOptions options) {
    return BertOutputs.named(forward(input, options));
  }
}
