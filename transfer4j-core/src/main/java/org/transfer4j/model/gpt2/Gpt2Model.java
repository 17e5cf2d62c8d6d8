package org.transfer4j.model.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.transfer4j.nn.Dropout;
import org.transfer4j.nn.Embedding;
import org.transfer4j.nn.KvCache;
import org.transfer4j.nn.LayerNorm;
import org.transfer4j.nn.Module;
import org.transfer4j.nn.ModuleList;
import org.transfer4j.nn.Parameter;

/**
 * The GPT-2 decoder stack (Hugging Face {@code GPT2Model}): token embeddings {@code wte}, learned
 * position embeddings {@code wpe}, {@code n_layer} pre-LN blocks {@code h.N} and a final layer norm
 * {@code ln_f}. Parameter names are the Hugging Face keys without the {@code transformer.} prefix.
 */
public final class Gpt2Model extends Module {
  /** Added to the attention scores of masked keys; exp() of it is exactly 0 in float32. */
  static final float MASKED = -1e9f;

  private final Gpt2Config config;
  private final Embedding wte;
  private final Embedding wpe;
  private final ModuleList<Gpt2Block> h;
  private final LayerNorm lnF;

  public Gpt2Model(NDManager manager, Gpt2Config c) {
    this.config = c;
    wte =
        addModule(
            "wte",
            new Embedding(manager, c.vocabSize(), c.nEmbd(), c.initializerRange(), "vocab_size"));
    wpe =
        addModule(
            "wpe",
            new Embedding(manager, c.nPositions(), c.nEmbd(), c.initializerRange(), "n_positions"));
    h = addModule("h", new ModuleList<>());
    for (int i = 0; i < c.nLayer(); i++) {
      h.add(new Gpt2Block(manager, c));
    }
    lnF = addModule("ln_f", new LayerNorm(manager, c.nEmbd(), c.layerNormEpsilon()));
  }

  public Gpt2Config config() {
    return config;
  }

  /** The token embedding matrix {@code (vocab, embd)}, tied to the language-model head. */
  public Parameter wte() {
    return wte.weight();
  }

  public Parameter wpe() {
    return wpe.weight();
  }

  /**
   * What a forward pass returns.
   *
   * @param attentions each layer's attention probabilities {@code (batch, heads, t, past + t)} when
   *     asked for, else empty
   */
  public record Output(
      NDArray lastHiddenState, List<NDArray> hiddenStates, List<NDArray> attentions) {
    public Output(NDArray lastHiddenState, List<NDArray> hiddenStates) {
      this(lastHiddenState, hiddenStates, List.of());
    }
  }

  /**
   * Runs the stack on new tokens.
   *
   * @param inputIds {@code (batch, t)} int64 token ids
   * @param attentionMask {@code (batch, past + t)} with 1 for real tokens and 0 for padding, or
   *     {@code null} for no padding
   * @param cache past keys and values ({@code past = cache.length()}), or {@code null} to attend
   *     only within {@code inputIds}; the new positions are appended to it
   * @param keepHiddenStates whether to return the {@code n_layer + 1} hidden states: the
   *     embeddings, the input of each later block, and the final one after {@code ln_f}
   * @return the output after {@code ln_f} {@code (batch, t, embd)}, in inputIds' manager
   */
  public Output forward(
      NDArray inputIds, NDArray attentionMask, KvCache cache, boolean keepHiddenStates) {
    return forward(inputIds, attentionMask, null, cache, keepHiddenStates);
  }

  /**
   * As {@link #forward(NDArray, NDArray, KvCache, boolean)} with explicit positions.
   *
   * @param positionIds {@code (batch, t)} int64 positions of the new tokens, or {@code null} for
   *     {@code past, past + 1, ...}; left-padded batches pass each row's own count of real tokens
   *     so that a prompt gets the same positions with or without padding
   */
  public Output forward(
      NDArray inputIds,
      NDArray attentionMask,
      NDArray positionIds,
      KvCache cache,
      boolean keepHiddenStates) {
    return forward(inputIds, attentionMask, positionIds, cache, keepHiddenStates, false);
  }

  /** As above; {@code keepAttentions} returns each layer's attention probabilities too. */
  public Output forward(
      NDArray inputIds,
      NDArray attentionMask,
      NDArray positionIds,
      KvCache cache,
      boolean keepHiddenStates,
      boolean keepAttentions) {
    NDManager step = inputIds.getManager();
    long t = inputIds.getShape().get(1);
    int past = cache == null ? 0 : cache.length();
    if (past + t > config.nPositions()) {
      throw new IllegalArgumentException(
          "sequence of "
              + (past + t)
              + " positions exceeds the model's n_positions="
              + config.nPositions());
    }
    // Positions continue after the cached ones.
    NDArray positions =
        positionIds != null
            ? positionIds // (batch, t)
            : step.arange(past, past + (int) t, 1, DataType.INT64); // (t), broadcast over batch
    NDArray x = wte.forward(inputIds).addi(wpe.forward(positions)); // (batch, t, embd)
    x = Dropout.apply(x, config.embdPdrop(), isTraining());
    NDArray bias = attentionBias(step, attentionMask, past, t);
    List<NDArray> hidden = keepHiddenStates ? new ArrayList<>() : null;
    List<NDArray> attentions = keepAttentions ? new ArrayList<>() : null;
    for (int i = 0; i < h.size(); i++) {
      if (hidden != null) {
        hidden.add(x);
      }
      x = h.get(i).forward(x, bias, cache, i, attentions);
    }
    x = lnF.forward(x);
    if (hidden != null) {
      hidden.add(x);
    }
    return new Output(
        x,
        hidden == null ? List.of() : List.copyOf(hidden),
        attentions == null ? List.of() : List.copyOf(attentions));
  }

  /**
   * The additive attention bias {@code (batch or 1, 1, t, past + t)}: key {@code j} is visible to
   * query {@code i} when {@code j <= past + i} (causal) and the key is not padding; {@code null}
   * when everything is visible (one new token, no padding).
   */
  static NDArray attentionBias(NDManager step, NDArray attentionMask, int past, long t) {
    long total = past + t;
    if (t == 1 && attentionMask == null) {
      return null;
    }
    NDArray queries = step.arange(past, (int) total, 1, DataType.INT64).reshape(t, 1);
    NDArray keys = step.arange(0, (int) total, 1, DataType.INT64).reshape(1, total);
    NDArray allowed = keys.lte(queries).reshape(1, 1, t, total); // (1, 1, t, total)
    if (attentionMask != null) {
      if (attentionMask.getShape().get(1) != total) {
        throw new IllegalArgumentException(
            "attention_mask covers "
                + attentionMask.getShape().get(1)
                + " positions but past + new = "
                + total);
      }
      NDArray notPad = attentionMask.gt(0).reshape(attentionMask.getShape().get(0), 1, 1, total);
      allowed = allowed.logicalAnd(notPad); // (batch, 1, t, total)
    }
    return allowed.toType(DataType.FLOAT32, false).sub(1f).mul(-MASKED);
  }
}
