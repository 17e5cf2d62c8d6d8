package org.transfer4j.model.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.transfer4j.nn.KvCache;
import org.transfer4j.nn.LayerNorm;
import org.transfer4j.nn.Module;

/**
 * One GPT-2 transformer block. Unlike the original Transformer, GPT-2 normalises the input of each
 * sub-layer (pre-LN, Radford et al., 2019, section 2.3): {@code x + attn(ln_1(x))}, then {@code x +
 * mlp(ln_2(x))}.
 */
public final class Gpt2Block extends Module {
  private final LayerNorm ln1;
  private final Gpt2Attention attn;
  private final LayerNorm ln2;
  private final Gpt2Mlp mlp;

  public Gpt2Block(NDManager manager, Gpt2Config c) {
    ln1 = addModule("ln_1", new LayerNorm(manager, c.nEmbd(), c.layerNormEpsilon()));
    attn = addModule("attn", new Gpt2Attention(manager, c));
    ln2 = addModule("ln_2", new LayerNorm(manager, c.nEmbd(), c.layerNormEpsilon()));
    mlp = addModule("mlp", new Gpt2Mlp(manager, c));
  }

  /** {@code (batch, t, embd)} to {@code (batch, t, embd)}; see {@link Gpt2Attention#forward}. */
  public NDArray forward(NDArray x, NDArray bias, KvCache cache, int layer) {
    return forward(x, bias, cache, layer, null);
  }

  /** As above, adding the attention probabilities to {@code attentions} when not null. */
  public NDArray forward(
      NDArray x, NDArray bias, KvCache cache, int layer, java.util.List<NDArray> attentions) {
    NDArray h = x.add(attn.forward(ln1.forward(x), bias, cache, layer, attentions));
    return h.add(mlp.forward(ln2.forward(h)));
  }
}
