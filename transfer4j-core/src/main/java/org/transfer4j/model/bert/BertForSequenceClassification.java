package org.transfer4j.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.transfer4j.model.EncoderOutput;
import org.transfer4j.model.LogitsOutput;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.nn.Dropout;
import org.transfer4j.nn.Linear;

/**
 * Sentence(-pair) classification (Devlin et al., 2019, section 4.1): pooled [CLS], dropout, then
 * {@code classifier} with one output per label of {@code config.labels()}.
 *
 * <pre>{@code
 * var model = new BertForSequenceClassification(config.withLabels(labels), manager);
 * NDArray logits = model.forward(in, OutputOptions.NONE).logits(); // (batch, labels)
 * }</pre>
 */
public final class BertForSequenceClassification extends BertHeadModel {
  private final Linear classifier;

  public BertForSequenceClassification(BertConfig config, NDManager manager) {
    super(config, manager, true);
    classifier =
        addModule(
            "classifier",
            new Linear(
                manager,
                config.hiddenSize(),
                config.labels().size(),
                true,
                config.initializerRange()));
  }

  @Override
  public String architecture() {
    return "BertForSequenceClassification";
  }

  public LogitsOutput forward(ModelInput in, OutputOptions options) {
    EncoderOutput enc = bert.forward(in, options);
    NDArray x = Dropout.apply(enc.pooled(), config.effectiveClassifierDropout(), isTraining());
    return new LogitsOutput(classifier.forward(x), enc);
  }

  @Override
  public Map<String, NDArray> forwardNamed(ModelInput input, OutputOptions options) {
    return BertOutputs.named(forward(input, options));
  }
}
