package org.transfer4j.tokenize.model;

import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.Map;
import org.transfer4j.tokenize.Model;

/**
 * WordPiece (Schuster and Nakajima, 2012; as used by BERT): greedy longest-match-first from the
 * left, non-initial pieces carry the {@code ##} prefix; a word with an unmatchable position, or
 * longer than {@code maxInputCharsPerWord} code points, becomes one unk token.
 *
 * <p>The longest match is found by walking a char trie once per piece (linear in the word length)
 * instead of probing every substring in a hash map.
 *
 * <pre>{@code
 * WordPiece wp = new WordPiece(Map.of("[UNK]", 0, "un", 1, "##aff", 2, "##able", 3), "[UNK]", "##", 100);
 * // "unaffable" -> un ##aff ##able
 * }</pre>
 */
public final class WordPiece implements Model {
  private final Vocab vocab;
  private final String unkToken;
  private final int unkId;
  private final String prefix;
  private final int maxInputCharsPerWord;
  private final LongIntMap children;
  private int[] tokenAt;
  private int nodes;

  public WordPiece(
      Map<String, Integer> vocab, String unkToken, String prefix, int maxInputCharsPerWord) {
    this.vocab = new Vocab(vocab, "WordPiece model");
    this.unkToken = unkToken;
    this.unkId = this.vocab.requireId(unkToken, "WordPiece model");
    this.prefix = prefix == null ? "##" : prefix;
    if (maxInputCharsPerWord <= 0) {
      throw new IllegalArgumentException("max_input_chars_per_word must be > 0");
    }
    this.maxInputCharsPerWord = maxInputCharsPerWord;
    this.children = new LongIntMap(vocab.size() * 4);
    this.tokenAt = new int[vocab.size() * 2 + 2];
    Arrays.fill(tokenAt, -1);
    nodes = 2; // 0: root of word starts, 1: root of continuations
    for (Map.Entry<String, Integer> e : vocab.entrySet()) {
      String t = e.getKey();
      if (!this.prefix.isEmpty()
          && t.startsWith(this.prefix)
          && t.length() > this.prefix.length()) {
        insert(1, t, this.prefix.length(), e.getValue());
      }
      insert(0, t, 0, e.getValue());
    }
  }

  private void insert(int root, String t, int from, int id) {
    int node = root;
    for (int i = from; i < t.length(); i++) {
      long key = ((long) node << 16) | t.charAt(i);
      int child = children.get(key, -1);
      if (child < 0) {
        child = nodes++;
        if (child >= tokenAt.length) {
          int old = tokenAt.length;
          tokenAt = Arrays.copyOf(tokenAt, old * 2);
          Arrays.fill(tokenAt, old, tokenAt.length, -1);
        }
        children.put(key, child);
      }
      node = child;
    }
    if (node != root) {
      tokenAt[node] = id;
    }
  }

  @Override
  public void tokenize(char[] a, int from, int to, TokenSink sink) {
    if (Character.codePointCount(a, from, to - from) > maxInputCharsPerWord) {
      sink.token(unkId, from, to);
      return;
    }
    // First pass finds all pieces; only if every position matches are they emitted.
    int start = from;
    int pieces = 0;
    int[] buf = null;
    int[] small = new int[16];
    while (start < to) {
      int node = start == from ? 0 : 1;
      int best = -1;
      int bestEnd = -1;
      for (int j = start; j < to; j++) {
        node = children.get(((long) node << 16) | a[j], -1);
        if (node < 0) {
          break;
        }
        int id = tokenAt[node];
        if (id >= 0) {
          best = id;
          bestEnd = j + 1;
        }
      }
      if (best < 0) {
        sink.token(unkId, from, to);
        return;
      }
      int[] store = buf == null ? small : buf;
      if (pieces * 3 + 3 > store.length) {
        buf = Arrays.copyOf(store, store.length * 2);
        store = buf;
      }
      store[pieces * 3] = best;
      store[pieces * 3 + 1] = start;
      store[pieces * 3 + 2] = bestEnd;
      pieces++;
      start = bestEnd;
    }
    int[] store = buf == null ? small : buf;
    for (int p = 0; p < pieces; p++) {
      sink.token(store[p * 3], store[p * 3 + 1], store[p * 3 + 2]);
    }
  }

  public String unkToken() {
    return unkToken;
  }

  public String continuingSubwordPrefix() {
    return prefix;
  }

  public int maxInputCharsPerWord() {
    return maxInputCharsPerWord;
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
    o.addProperty("type", "WordPiece");
    o.addProperty("unk_token", unkToken);
    o.addProperty("continuing_subword_prefix", prefix);
    o.addProperty("max_input_chars_per_word", maxInputCharsPerWord);
    o.add("vocab", Vocabularies.toJson(vocab.map));
    return o;
  }
}
