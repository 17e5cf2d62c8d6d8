package org.transfer4j.tokenize.model;

import com.google.gson.JsonObject;
import java.util.Map;
import org.transfer4j.tokenize.Model;

/**
 * One id per whole word; words not in the vocabulary become the unk token.
 *
 * <pre>{@code
 * new WordLevel(Map.of("[UNK]", 0, "hello", 1), "[UNK]");
 * }</pre>
 */
public final class WordLevel implements Model {
  private final Vocab vocab;
  private final String unkToken;
  private final int unkId;

  public WordLevel(Map<String, Integer> vocab, String unkToken) {
    this.vocab = new Vocab(vocab, "WordLevel model");
    this.unkToken = unkToken;
    this.unkId = this.vocab.requireId(unkToken, "WordLevel model");
  }

  @Override
  public void tokenize(char[] a, int from, int to, TokenSink sink) {
    Integer id = vocab.map.get(new String(a, from, to - from));
    sink.token(id == null ? unkId : id, from, to);
  }

  @Override
  public int tokenToId(String token) {
    return vocab.id(token);
  }

  @Override
  public String idToToken(int id) {
    return vocab.token(id);
  }

  @Override
  public int vocabSize() {
    return vocab.tokens.length;
  }

  @Override
  public Map<String, Integer> vocab() {
    return vocab.map;
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("type", "WordLevel");
    o.add("vocab", Vocabularies.toJson(vocab.map));
    o.addProperty("unk_token", unkToken);
    return o;
  }
}
