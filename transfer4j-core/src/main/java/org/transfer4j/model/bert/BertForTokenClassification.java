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
import org.transfer4j.nn.Dropout;
import org.transfer4j.nn.Linear;

/**
 * Token classification such as named-entity tagging (Devlin et al., 2019, section 5.3): dropout
 * then {@code classifier} on every token's hidden state. No pooler, as in Hugging Face; a
 * checkpoint's pooler weights are ignored.
 *
 * <pre>{@code
 * NDArray logits = model.forward(in, OutputOptions.NONE).logits(); // (batch, seq, labels)
 * }</pre>
 */
public class BertForTokenClassification extends BertHeadModel {
  private final Linear classifier;

  public BertForTokenClassification(BertConfig config, NDManager manager) {
    super(config, manager, false);
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
    return "BertForTokenClassification";
  }

  @Override
  public List<Pattern> ignoredOnLoad() {
    return List.of(Pattern.compile("(^|\\.)position_ids$"), Pattern.compile("(^|\\.)pooler\\."));
  }

  public LogitsOutput forward(ModelInput in, OutputOptions options) {
    EncoderOutput enc = bert.forward(in, options);
    NDArray x = Dropout.apply(enc.hidden(), config.effectiveClassifierDropout(), isTraining());
    return new LogitsOutput(classifier.forward(x), enc);
  }

  @Override
  public Map<String, NDArray> forwardNamed(ModelInput input, OutputOptions options) {
    return BertOutputs.named(forward(input, options));
  }
}
