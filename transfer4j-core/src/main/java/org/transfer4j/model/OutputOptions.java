package org.transfer4j.model;

/**
 * Which optional outputs a forward pass keeps, like Hugging Face's {@code output_hidden_states} and
 * {@code output_attentions}.
 *
 * @param hiddenStates keep the input of every layer and the last output ({@code layers + 1})
 * @param attentions keep each layer's post-softmax attention probabilities
 */
public record OutputOptions(boolean hiddenStates, boolean attentions) {
  /** Only the main outputs (fastest). */
  public static final OutputOptions NONE = new OutputOptions(false, false);

  /** Hidden states and attentions too. */
  public static final OutputOptions ALL = new OutputOptions(true, true);
}
