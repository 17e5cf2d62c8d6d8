package org.transfer4j.tokenize.decoder;

import com.google.gson.JsonObject;
import java.util.List;
import org.transfer4j.tokenize.Decoder;

/**
 * Joins WordPiece tokens: {@code ##} pieces glue to the previous token, others get a space; with
 * {@code cleanup}, spaces before punctuation and in English contractions are removed (per token, as
 * Hugging Face does).
 *
 * <pre>{@code
 * new WordPieceDecoder("##", true).decode(List.of("hello", "wor", "##ld", "!"));  // "hello world!"
 * }</pre>
 */
public record WordPieceDecoder(String prefix, boolean cleanup) implements Decoder {
  @Override
  public String decode(List<String> tokens) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (i != 0) {
        t = t.startsWith(prefix) ? t.substring(prefix.length()) : " " + t;
      }
      sb.append(cleanup ? cleanup(t) : t);
    }
    return sb.toString();
  }

  /** The clean-up of the original BERT/transformers {@code clean_up_tokenization}. */
  public static String cleanup(String s) {
    return s.replace(" .", ".")
        .replace(" ?", "?")
        .replace(" !", "!")
        .replace(" ,", ",")
        .replace(" ' ", "'")
        .replace(" n't", "n't")
        .replace(" 'm", "'m")
        .replace(" do not", " don't")
        .replace(" 's", "'s")
        .replace(" 've", "'ve")
        .replace(" 're", "'re");
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("type", "WordPiece");
    o.addProperty("prefix", prefix);
    o.addProperty("cleanup", cleanup);
    return o;
  }
}
