package org.transfer4j.model.distilbert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.Map;
import org.transfer4j.model.EncoderOutput;
import org.transfer4j.model.LogitsOutput;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.nn.Activation;
import org.transfer4j.nn.Dropout;
import org.transfer4j.nn.Linear;

/**
 * DistilBERT sentence classification: the first token's hidden state through {@code
 * pre_classifier}, ReLU, dropout ({@code seq_classif_dropout}), then {@code classifier}.
 *
 * <pre>{@code
 * NDArray logits = model.forward(in, OutputOptions.NONE).logits(); // (batch, labels)
 * }</pre>
 */
public final class DistilBertForSequenceClassification extends DistilBertHeadModel {
  private final Linear preClassifier;
  private final Linear classifier;

  public DistilBertForSequenceClassification(DistilBertConfig config, NDManager manager) {
    super(config, manager);
    preClassifier =
        addModule(
            "pre_classifier",
            new Linear(manager, config.dim(), config.dim(), true, config.initializerRange()));
    classifier =
        addModule(
            "classifier",
            new Linear(
                manager, config.dim(), config.labels().size(), true, config.initializerRange()));
  }

  @Override
  public String architecture() {
    return "DistilBertForSequenceClassification";
  }

  public LogitsOutput forward(ModelInput in, OutputOptions options) {
    EncoderOutput enc = distilbert.forward(in, options);
    NDArray first = enc.hidden().get(new NDIndex(":, 0")); // (batch, dim)
    NDArray x = Activation.RELU.apply(preClassifier.forward(first));
    x = Dropout.apply(x, config.seqClassifDropout(), isTraining());
    return new LogitsOutput(classifier.forward(x), enc);
  }

  @Override
  public Map<String, NDArray> forwardNamed(ModelInput input, OutputOptions options) {
    return named(forward(input, options));
  }
}
