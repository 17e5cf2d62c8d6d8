package org.transfer4j.data;

/**
 * The tokenizer as the data layer sees it: text to token ids <em>without</em> special tokens. Must
 * be thread-safe (the cache builder calls it from all cores).
 *
 * <pre>{@code
 * TokenEncoder enc = text -> tokenizer.encode(text, null, false).ids();
 * }</pre>
 */
@FunctionalInterface
public interface TokenEncoder {
  /** The ids of {@code text}, no special tokens; an empty array for text with no tokens. */
  int[] encode(String text);
}
