package org.transfer4j.tokenize;

import com.google.gson.JsonObject;
import java.util.Map;

/**
 * Third stage: turns one pre-tokenized word into vocabulary ids (WordPiece, BPE, word level).
 *
 * <pre>{@code
 * Model m = tokenizer.model();
 * m.tokenize(chars, 0, chars.length, (id, start, end) -> System.out.println(m.idToToken(id)));
 * }</pre>
 */
public interface Model {
  /** Receives the tokens of a word: id and the char range {@code [start, end)} it covers. */
  @FunctionalInterface
  interface TokenSink {
    void token(int id, int start, int end);
  }

  /** Tokenizes the word {@code chars[from, to)}; ranges given to the sink are absolute indices. */
  void tokenize(char[] chars, int from, int to, TokenSink sink);

  /** The id of {@code token}, or -1. */
  int tokenToId(String token);

  /** The token of {@code id}, or {@code null}. */
  String idToToken(int id);

  /** Number of ids (largest id + 1). */
  int vocabSize();

  /** The vocabulary (token to id), unmodifiable. */
  Map<String, Integer> vocab();

  /** The Hugging Face {@code tokenizer.json} form. */
  JsonObject toJson();
}
