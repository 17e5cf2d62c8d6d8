package org.transfer4j.model;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.transfer4j.nn.Init;
import org.transfer4j.nn.Module;

/**
 * A model that loads from and saves to a Hugging Face folder: a {@link Module} tree whose parameter
 * names are the checkpoint's, plus its config, its class name ({@code architectures}) and the
 * base-model prefix ({@code bert}, {@code distilbert}, {@code transformer}).
 *
 * <pre>{@code
 * PretrainedModel m = HfModels.load(dir, manager);
 * m.train(false);
 * Map<String, NDArray> out = m.forwardNamed(ModelInput.of(ids), OutputOptions.NONE);
 * }</pre>
 */
public abstract class PretrainedModel extends Module {
  /** The model's config. */
  public abstract ModelConfig config();

  /** The Hugging Face class name written to {@code architectures}, e.g. {@code BertForMaskedLM}. */
  public abstract String architecture();

  /**
   * The attribute under which head models hold the base model ({@code bert}); a checkpoint of the
   * base model alone has names without it. Empty when there is none.
   */
  public abstract String baseModelPrefix();

  /**
   * Runs a forward pass and returns every output under the names of the golden fixtures ({@code
   * last_hidden_state}, {@code pooler_output}, {@code logits}, {@code hidden_states.N}, ...).
   * Results belong to the inputs' manager.
   */
  public abstract Map<String, NDArray> forwardNamed(ModelInput input, OutputOptions options);

  /**
   * Checkpoint names that are not reported as unexpected when present (buffers such as {@code
   * position_ids}, heads this class does not use), like Hugging Face's {@code
   * _keys_to_ignore_on_load_unexpected}.
   */
  public List<Pattern> ignoredOnLoad() {
    return List.of(Pattern.compile("(^|\\.)position_ids$"));
  }

  /**
   * Re-initialises every parameter as in the paper (truncated normal, zero bias, unit LayerNorm).
   */
  public void initWeights() {
    Init.initialize(this, config().initializerRange());
  }
}
