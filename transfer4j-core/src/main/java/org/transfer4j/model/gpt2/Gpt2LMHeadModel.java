package org.transfer4j.model.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.transfer4j.model.CausalLm;
import org.transfer4j.model.DecodingCache;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.nn.KvCache;
import org.transfer4j.nn.Module;
import org.transfer4j.nn.TiedLinear;

/**
 * GPT-2 with its language-model head (Hugging Face {@code GPT2LMHeadModel}): the decoder stack
 * under {@code transformer.} and {@code lm_head}, whose weight is the token embedding matrix (tied,
 * as in the paper), so it is stored and trained once.
 *
 * <p>Checkpoints in both hub layouts load through {@code HfModels}: the original {@code gpt2} one
 * without the {@code transformer.} prefix and without {@code lm_head.weight}, and the one {@code
 * GPT2LMHeadModel.save_pretrained} writes (prefixed). The causal-mask buffers {@code attn.bias} /
 * {@code attn.masked_bias} of older checkpoints are ignored. Saving writes the prefixed layout
 * without the tied {@code lm_head.weight}, as transformers does.
 *
 * <pre>{@code
 * Gpt2LMHeadModel model = new Gpt2LMHeadModel(manager, Gpt2Config.small());
 * model.train(false);
 * try (NDManager step = manager.newSubManager()) {
 *   NDArray ids = step.create(new long[][] {{464, 3290}});
 *   NDArray logits = model.forward(ids, null, null, false, false).logits(); // (1, 2, 50257)
 * }
 * }</pre>
 */
public final class Gpt2LMHeadModel extends PretrainedModel implements CausalLm {
  private final Gpt2Config config;
  private final Gpt2Model transformer;
  private NDArray inferenceHead; // (embd, vocab) contiguous copy of wte^T while generating

  private static final List<Pattern> IGNORED =
      List.of(
          Pattern.compile("(^|\\.)attn\\.(bias|masked_bias)$"),
          Pattern.compile("(^|\\.)position_ids$"));

  public Gpt2LMHeadModel(NDManager manager, Gpt2Config config) {
    this.config = config;
    this.transformer = addModule("transformer", new Gpt2Model(manager, config));
    addModule("lm_head", new TiedLinear(transformer.wte(), null));
  }

  @Override
  public Gpt2Config config() {
    return config;
  }

  @Override
  public String architecture() {
    return "GPT2LMHeadModel";
  }

  @Override
  public String baseModelPrefix() {
    return "transformer";
  }

  @Override
  public List<Pattern> ignoredOnLoad() {
    return IGNORED;
  }

  /**
   * {@code logits} {@code (batch, seq, vocab)} and, when asked for, {@code hidden_states.0 ..
   * hidden_states.n_layer} (the last one after {@code ln_f}) and {@code attentions.0 ..
   * attentions.(n_layer - 1)} {@code (batch, heads, seq, seq)}. GPT-2 has no token types; a given
   * {@code token_type_ids} is refused rather than silently ignored.
   */
  @Override
  public Map<String, NDArray> forwardNamed(ModelInput input, OutputOptions options) {
    if (input.tokenTypeIds() != null) {
      throw new org.transfer4j.BadInputException(
          "GPT-2 has no token types; remove token_type_ids from the inputs");
    }
    Gpt2Model.Output out =
        transformer.forward(
            input.inputIds(),
            input.attentionMask(),
            null,
            null,
            options.hiddenStates(),
            options.attentions());
    NDArray logits =
        ai.djl.nn.core.Linear.linear(out.lastHiddenState(), transformer.wte().value(), null)
            .singletonOrThrow(); // (batch, seq, vocab)
    Map<String, NDArray> named = new LinkedHashMap<>();
    named.put("logits", logits);
    for (int i = 0; i < out.hiddenStates().size(); i++) {
      named.put("hidden_states." + i, out.hiddenStates().get(i));
    }
    for (int i = 0; i < out.attentions().size(); i++) {
      named.put("attentions." + i, out.attentions().get(i));
    }
    return named;
  }

  public Gpt2Model transformer() {
    return transformer;
  }

  /**
   * What a forward pass returns.
   *
   * @param logits {@code (batch, t, vocab)}, or {@code (batch, 1, vocab)} for the last position
   *     only
   * @param hiddenStates the {@code n_layer + 1} hidden states {@code (batch, t, embd)} when asked
   *     for, the last one after {@code ln_f}; else empty
   */
  public record Output(NDArray logits, List<NDArray> hiddenStates) {}

  /**
   * Runs the model on new tokens; see {@link Gpt2Model#forward} for the arguments.
   *
   * @param lastPositionOnly compute logits for the last position only (generation): the head is the
   *     largest matrix of a small GPT-2, so this saves most of a prompt's cost
   */
  public Output forward(
      NDArray inputIds,
      NDArray attentionMask,
      KvCache cache,
      boolean keepHiddenStates,
      boolean lastPositionOnly) {
    return forward(inputIds, attentionMask, null, cache, keepHiddenStates, lastPositionOnly);
  }

  /** As above, with explicit {@code (batch, t)} position ids (see {@link Gpt2Model#forward}). */
  public Output forward(
      NDArray inputIds,
      NDArray attentionMask,
      NDArray positionIds,
      KvCache cache,
      boolean keepHiddenStates,
      boolean lastPositionOnly) {
    Gpt2Model.Output out =
        transformer.forward(inputIds, attentionMask, positionIds, cache, keepHiddenStates);
    NDArray h = out.lastHiddenState(); // (batch, t, embd)
    if (lastPositionOnly) {
      h = h.get(new NDIndex(":, -1:, :")); // (batch, 1, embd)
    }
    NDArray logits;
    if (inferenceHead != null && !isTraining()) {
      // Generation: h (embd, vocab) reads the head's 50257 x 768 floats about 1.6x faster than
      // h wte^T with wte row-major (measured on CPU, see BENCHMARKS.md).
      logits = h.matMul(inferenceHead);
    } else {
      // Tied head: logits = h wte^T; F.linear keeps the result in h's (step) manager.
      logits = ai.djl.nn.core.Linear.linear(h, transformer.wte().value(), null).singletonOrThrow();
    }
    return new Output(logits, out.hiddenStates());
  }

  /** Logits {@code (batch, t, vocab)} for a full sequence, no cache, no padding. */
  public NDArray logits(NDArray inputIds) {
    return forward(inputIds, null, null, false, false).logits();
  }

  @Override
  public int vocabSize() {
    return config.vocabSize();
  }

  @Override
  public int maxPositions() {
    return config.nPositions();
  }

  @Override
  public NDArray nextTokenLogits(
      NDArray inputIds, NDArray attentionMask, NDArray positionIds, DecodingCache cache) {
    if (cache != null && !(cache instanceof KvCache)) {
      throw new IllegalArgumentException(
          "a PyTorch GPT-2 needs the KvCache its newCache made, got " + cache.getClass());
    }
    NDArray logits = // (batch, 1, vocab)
        forward(inputIds, attentionMask, positionIds, (KvCache) cache, false, true).logits();
    return logits.squeeze(1);
  }

  /**
   * Builds a contiguous {@code (embd, vocab)} copy of the tied head in {@code manager} for
   * decoding; the weights must not change until {@link #endInference}.
   */
  @Override
  public void beginInference(NDManager manager) {
    NDArray wteT = transformer.wte().value().transpose(); // a strided view
    wteT.attach(manager);
    // Flattening a strided view copies it into row-major order.
    inferenceHead = wteT.reshape(-1).reshape(config.nEmbd(), config.vocabSize());
    inferenceHead.attach(manager);
    forEachInferenceModule(
        transformer,
        m -> m.beginInference(manager),
        a -> a.beginInference(manager),
        c -> c.beginInference(manager));
  }

  @Override
  public void endInference() {
    inferenceHead = null;
    forEachInferenceModule(
        transformer, Gpt2Mlp::endInference, Gpt2Attention::endInference, Conv1D::endInference);
  }

  /**
   * Visits the modules that keep per-generation state (views and constants made once in {@link
   * #beginInference} rather than per operation: a decoding step is hundreds of small operations
   * whose fixed cost is comparable to their arithmetic).
   */
  private static void forEachInferenceModule(
      Module m,
      Consumer<Gpt2Mlp> mlps,
      Consumer<Gpt2Attention> attentions,
      Consumer<Conv1D> convs) {
    if (m instanceof Gpt2Mlp mlp) {
      mlps.accept(mlp);
    }
    if (m instanceof Gpt2Attention attention) {
      attentions.accept(attention);
    }
    if (m instanceof Conv1D conv) {
      convs.accept(conv);
    }
    for (Module child : m.children().values()) {
      forEachInferenceModule(child, mlps, attentions, convs);
    }
  }

  @Override
  public KvCache newCache(NDManager manager, int batch, int capacity) {
    return new KvCache(
        manager,
        config.nLayer(),
        batch,
        config.nHead(),
        Math.min(capacity, config.nPositions()),
        config.headDim());
  }
}
