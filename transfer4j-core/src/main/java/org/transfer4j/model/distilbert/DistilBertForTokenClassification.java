package org.transfer4j.model.distilbert;

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
 * DistilBERT token classification: dropout ({@code dropout}) then {@code classifier} on every
 * token.
 *
 * <pre>{@code
 * NDArray logits = model.forward(in, OutputOptions.NONE).logits(); // (batch, seq, labels)
 * }</pre>
 */
public final class DistilBertForTokenClassification extends DistilBertHeadModel {
  private final Linear classifier;

  public DistilBertForTokenClassification(DistilBertConfig config, NDManager manager) {
    super(config, manager);
    classifier =
        addModule(
            "classifier",
            new Linear(
                manager, config.dim(), config.labels().size(), true, config.initializerRange()));
  }

  @Override
  public String architecture() {
    return "DistilBertForTokenClassification";
  }

  public LogitsOutput forward(ModelInput in, OutputOptions options) {
    EncoderOutput enc = distilbert.forward(in, options);
    NDArray x = Dropout.apply(enc.hidden(), config.dropout(), isTraining());
    return new LogitsOutput(classifier.forward(x), enc);
  }

  @Override
  public Map<String, NDArray> forwardNamed(ModelInput input, OutputOptions options) {
    return named(forward(input, options));
  }
}
