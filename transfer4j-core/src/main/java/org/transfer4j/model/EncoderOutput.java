package org.transfer4j.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * What an encoder returns.
 *
 * @param hidden the last hidden state {@code (batch, seq, hidden)}
 * @param pooled the pooler output {@code (batch, hidden)}, or null for models without a pooler
 * @param hiddenStates embeddings output then each layer's output ({@code layers + 1} arrays) when
 *     asked for, else empty
 * @param attentions each layer's attention probabilities {@code (batch, heads, seq, seq)} when
 *     asked for, else empty
 */
public record EncoderOutput(
    NDArray hidden, NDArray pooled, List<NDArray> hiddenStates, List<NDArray> attentions) {
  public EncoderOutput {
    hiddenStates = List.copyOf(hiddenStates);
    attentions = List.copyOf(attentions);
  }

  /** Adds this output's tensors under the golden names used by the CLI and fixtures. */
  public void putNamed(java.util.Map<String, NDArray> out) {
    out.put("last_hidden_state", hidden);
    if (pooled != null) {
      out.put("pooler_output", pooled);
    }
    for (int i = 0; i < hiddenStates.size(); i++) {
      out.put("hidden_states." + i, hiddenStates.get(i));
    }
    for (int i = 0; i < attentions.size(); i++) {
      out.put("attentions." + i, attentions.get(i));
    }
  }
}
