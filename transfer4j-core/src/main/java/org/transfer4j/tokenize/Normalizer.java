package org.transfer4j.tokenize;

import com.google.gson.JsonObject;

/**
 * First stage of the pipeline: rewrites the text (lowercase, strip accents, Unicode forms) while
 * keeping alignments to the original, so that offsets survive normalization.
 *
 * <pre>{@code
 * Normalizer n = BertNormalizer.uncased();
 * n.normalizeStr("Héllo  WORLD");   // "hello  world"
 * }</pre>
 */
public interface Normalizer {
  /** Normalizes {@code in}; returns a new string (or {@code in} itself when nothing changes). */
  NormalizedString normalize(NormalizedString in);

  /** Convenience: the normalized form of a plain string. */
  default String normalizeStr(String text) {
    return normalize(NormalizedString.of(text)).normalized();
  }

  /** The Hugging Face {@code tokenizer.json} form of this stage ({@code "type": ...}). */
  JsonObject toJson();
}
