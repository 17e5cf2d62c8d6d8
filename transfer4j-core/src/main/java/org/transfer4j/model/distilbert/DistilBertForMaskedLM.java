package org.transfer4j.model.distilbert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.transfer4j.model.EncoderOutput;
import org.transfer4j.model.LogitsOutput;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.nn.LayerNorm;
import org.transfer4j.nn.Linear;
import org.transfer4j.nn.Parameter;
import org.transfer4j.nn.TiedLinear;

/**
 * DistilBERT's masked LM head: {@code vocab_transform}, activation, {@code vocab_layer_norm}, and
 * {@code vocab_projector} whose weight is tied to the word embeddings.
 */
public final class DistilBertForMaskedLM extends DistilBertHeadModel {
  private final Linear vocabTransform;
  private final LayerNorm vocabLayerNorm;
  private final TiedLinear vocabProjector;

  public DistilBertForMaskedLM(DistilBertConfig config, NDManager manager) {
    super(config, manager);
    vocabTransform =
        addModule(
            "vocab_transform",
            new Linear(manager, config.dim(), config.dim(), true, config.initializerRange()));
    vocabLayerNorm =
        addModule(
            "vocab_layer_norm",
            new LayerNorm(manager, config.dim(), DistilBertConfig.LAYER_NORM_EPS));
    Parameter bias = new Parameter("bias", manager.zeros(new Shape(config.vocabSize())));
    vocabProjector =
        addModule(
            "vocab_projector", new TiedLinear(distilbert.embeddings().words().weight(), bias));
  }

  @Override
  public String architecture() {
    return "DistilBertForMaskedLM";
  }

  /** Vocabulary logits {@code (batch, seq, vocab)}. */
  public LogitsOutput forward(ModelInput in, OutputOptions options) {
    EncoderOutput enc = distilbert.forward(in, options);
    NDArray h = config.activationFunction().apply(vocabTransform.forward(enc.hidden()));
    return new LogitsOutput(vocabProjector.forward(vocabLayerNorm.forward(h)), enc);
  }

  @Override
  public Map<String, NDArray> forwardNamed(ModelInput input, OutputOptions options) {
    return named(forward(input, options));
  }
}
