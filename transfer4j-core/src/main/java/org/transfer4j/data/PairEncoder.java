package org.transfer4j.data;

/**
 * The tokenizer as the fine-tuning readers see it: a text (and optional pair) to model inputs with
 * special tokens, type ids and word ids. Must be thread-safe.
 *
 * <pre>{@code
 * PairEncoder enc = (a, b) -> {
 *   Encoding e = b == null ? tokenizer.encode(a) : tokenizer.encode(a, b);
 *   return new EncodedInput(e.ids(), e.typeIds(), e.wordIds());
 * };
 * // or, without a Tokenizer object: BertLayout.pairEncoder(textToIds, SpecialTokens.bertBaseUncased(), 128)
 * }</pre>
 */
@FunctionalInterface
public interface PairEncoder {
  /** Encodes {@code text} and, when not null, {@code pair} as one model input. */
  EncodedInput encode(String text, String pair);
}
