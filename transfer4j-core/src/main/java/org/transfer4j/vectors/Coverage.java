package org.transfer4j.vectors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.transfer4j.tokenize.word.WordTokenizer;

/**
 * How many tokens of a corpus a vectors table knows: the check before training on pretrained
 * vectors, and the way to compare tokenizers (splitting punctuation off usually turns many unknown
 * {@code word,} tokens into known words).
 *
 * <pre>{@code
 * Coverage c = new Coverage(vectors, WordTokenizer.wordPunct(), false);
 * texts.forEach(c::add);
 * System.out.println(c.unknownShare() + " " + c.topUnknown(10));
 * }</pre>
 */
public final class Coverage {
  /** A word and its count. */
  public record Count(String word, long count) {}

  private final WordVectors vectors;
  private final WordTokenizer tokenizer;
  private final boolean lowercase;
  private final Map<String, long[]> unknown = new HashMap<>();
  private final Map<String, Boolean> seen = new HashMap<>();
  private long texts;
  private long tokens;
  private long unknownTokens;

  public Coverage(WordVectors vectors, WordTokenizer tokenizer, boolean lowercase) {
    this.vectors = vectors;
    this.tokenizer = tokenizer;
    this.lowercase = lowercase;
  }

  /** Counts one text's tokens. */
  public void add(String text) {
    texts++;
    for (String t : tokenizer.tokenize(lowercase ? text.toLowerCase(Locale.ROOT) : text)) {
      tokens++;
      seen.putIfAbsent(t, Boolean.TRUE);
      if (!vectors.contains(t)) {
        unknownTokens++;
        unknown.computeIfAbsent(t, k -> new long[1])[0]++;
      }
    }
  }

  public long texts() {
    return texts;
  }

  public long tokens() {
    return tokens;
  }

  public long unknownTokens() {
    return unknownTokens;
  }

  /** Unknown tokens over all tokens (0 when there are none). */
  public double unknownShare() {
    return tokens == 0 ? 0 : (double) unknownTokens / tokens;
  }

  /** Distinct tokens. */
  public long uniqueWords() {
    return seen.size();
  }

  /** Distinct unknown tokens. */
  public long uniqueUnknown() {
    return unknown.size();
  }

  /** The {@code n} most frequent unknown tokens, ties by word. */
  public List<Count> topUnknown(int n) {
    List<Count> all = new ArrayList<>(unknown.size());
    unknown.forEach((w, c) -> all.add(new Count(w, c[0])));
    all.sort(
        (a, b) ->
            a.count() != b.count()
                ? Long.compare(b.count(), a.count())
                : a.word().compareTo(b.word()));
    return all.subList(0, Math.min(n, all.size()));
  }
}
