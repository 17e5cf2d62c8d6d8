package org.transfer4j.data;

import java.util.Objects;

/**
 * One encoded model input: token ids, segment (type) ids and, when known, the word each token came
 * from ({@code null} for special tokens), as in a Hugging Face {@code Encoding}.
 *
 * @param ids token ids with special tokens
 * @param typeIds segment ids, same length as {@code ids}
 * @param wordIds word index of each token, {@code null} entries for specials; the array itself may
 *     be {@code null} when unknown
 */
public record EncodedInput(int[] ids, int[] typeIds, Integer[] wordIds) {
  public EncodedInput {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(typeIds, "typeIds");
    if (typeIds.length != ids.length) {
      throw new IllegalArgumentException(
          "typeIds has " + typeIds.length + " entries but ids has " + ids.length);
    }
    if (wordIds != null && wordIds.length != ids.length) {
      throw new IllegalArgumentException(
          "wordIds has " + wordIds.length + " entries but ids has " + ids.length);
    }
  }

  /** Ids and type ids, word ids unknown. */
  public EncodedInput(int[] ids, int[] typeIds) {
    this(ids, typeIds, null);
  }

  /** The number of tokens. */
  public int length() {
    return ids.length;
  }
}
