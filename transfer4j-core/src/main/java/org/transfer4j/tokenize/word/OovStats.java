package org.transfer4j.tokenize.word;

import java.util.List;

/**
 * How many tokens of a corpus a vocabulary misses (out-of-vocabulary rate), e.g. on the test split
 * with a vocabulary built on the training split.
 *
 * <pre>{@code
 * OovStats oov = OovStats.measure(vocab, testTexts, WordTokenizer.wordPunct());
 * oov.rate();  // 0.031
 * }</pre>
 *
 * @param tokens tokens counted
 * @param unknown tokens not in the vocabulary
 */
public record OovStats(long tokens, long unknown) {
  public OovStats {
    if (tokens < 0 || unknown < 0 || unknown > tokens) {
      throw new IllegalArgumentException("need 0 <= unknown <= tokens: " + unknown + ", " + tokens);
    }
  }

  /** The fraction of unknown tokens (0 for no tokens). */
  public double rate() {
    return tokens == 0 ? 0 : (double) unknown / tokens;
  }

  public static OovStats measure(
      Vocabulary vocab, Iterable<String> texts, WordTokenizer tokenizer) {
    long n = 0;
    long unk = 0;
    for (String text : texts) {
      List<String> words = tokenizer.tokenize(text);
      n += words.size();
      for (String w : words) {
        if (!vocab.contains(w) || w.equals(Vocabulary.PAD) || w.equals(Vocabulary.UNK)) {
          unk++;
        }
      }
    }
    return new OovStats(n, unk);
  }
}
