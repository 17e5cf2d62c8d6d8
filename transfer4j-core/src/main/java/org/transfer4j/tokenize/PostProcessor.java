package org.transfer4j.tokenize;

import com.google.gson.JsonObject;

/**
 * Fourth stage: adds special tokens and type ids around the sequence(s), e.g. BERT's {@code [CLS]
 * $A [SEP] $B [SEP]}.
 */
public interface PostProcessor {
  /** How many special tokens {@link #process} adds for a single text or a pair. */
  int addedTokens(boolean pair);

  /** Combines {@code a} and optional {@code b} (may be null) into one encoding. */
  Encoding process(Encoding a, Encoding b, boolean addSpecialTokens);

  /** The Hugging Face {@code tokenizer.json} form. */
  JsonObject toJson();

  /** What happens without a post-processor: the sequences are concatenated. */
  static Encoding concat(Encoding a, Encoding b) {
    return b == null ? a : Encodings.mergeAll(java.util.List.of(a, b));
  }

  /** Merges processed parts with Hugging Face's overflow semantics (for implementations). */
  static Encoding mergeAll(java.util.List<Encoding> parts) {
    return Encodings.mergeAll(parts);
  }
}
