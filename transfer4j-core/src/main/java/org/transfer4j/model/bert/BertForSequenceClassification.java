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
import org.transfer4j.nn.Pooling;

/**
 * Sentence(-pair) classification (Devlin et al., 2019, section 4.1): pooled [CLS], dropout, then
 * {@code classifier} with one output per label of {@code config.labels()}. With {@code
 * classifier_pooling = "mean"} ({@link BertConfig#POOLING_MEAN}) the sentence vector is the mean of
 * the last hidden states over the real tokens instead and the model has no pooler: with few labels
 * and a small encoder pretrained on short texts, [CLS] carries little besides what the
 * sentence-order head needed, and the mean learns much faster (see BENCHMARKS.md, "Quickstart").
 *
 * <pre>{@code
 * var model = new BertForSequenceClassification(config.withLabels(labels), manager);
 * NDArray logits = model.forward(in, OutputOptions.NONE).logits(); // (batch, labels)
 * }</pre>
 */
public final class BertForSequenceClassification extends BertHeadModel {
  private final Linear classifier;

  public BertForSequenceClassification(BertConfig config, NDManager manager) {
    super(config, manager, !config.meanPooling());
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
    NDArray sentence =
        config.meanPooling()
            ? Pooling.maskedMean(enc.hidden(), in.attentionMask())
            : enc.pooled(); // (batch, hidden)
    NDArray x = Dropout.apply(sentence, config.effectiveClassifierDropout(), isTraining());
    return new LogitsOutput(classifier.forward(x), enc);
  }

  @Override
  public Map<String, NDArray> forwardNamed(ModelInput input, OutputOptions options) {
    return BertOutputs.named(forward(input, options));
  }
}
