package org.transfer4j.tokenize;

import com.google.gson.JsonObject;

/**
 * A token matched in the raw text before the model runs (special tokens like {@code [CLS]} or
 * {@code <|endoftext|>}, or user additions), with Hugging Face's matching options.
 *
 * @param singleWord only match when not inside a word
 * @param lstrip also swallow whitespace before the match
 * @param rstrip also swallow whitespace after the match
 * @param normalized match in the normalized text (else in the original text)
 * @param special skipped by {@code decode(ids, true)}
 */
public record AddedToken(
    int id,
    String content,
    boolean singleWord,
    boolean lstrip,
    boolean rstrip,
    boolean normalized,
    boolean special) {
  public AddedToken {
    if (content == null || content.isEmpty()) {
      throw new IllegalArgumentException("added token content must not be empty");
    }
    if (id < 0) {
      throw new IllegalArgumentException("added token '" + content + "' has invalid id " + id);
    }
  }

  /** A special token matched verbatim in the original text. */
  public static AddedToken special(int id, String content) {
    return new AddedToken(id, content, false, false, false, false, true);
  }

  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("id", id);
    o.addProperty("content", content);
    o.addProperty("single_word", singleWord);
    o.addProperty("lstrip", lstrip);
    o.addProperty("rstrip", rstrip);
    o.addProperty("normalized", normalized);
    o.addProperty("special", special);
    return o;
  }
}
