package org.transfer4j.tokenize;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Second stage: splits normalized text into words (and for byte-level BPE maps each word to its
 * byte alphabet). Every output char keeps its original-text alignment.
 *
 * <pre>{@code
 * PreTokenizer p = new BertPreTokenizer();
 * p.preTokenizeStr("Hello, world!");  // [Hello, ",", world, !] with offsets
 * }</pre>
 */
public interface PreTokenizer {
  /** Splits every word of {@code in} and appends the resulting words to {@code out}. */
  void preTokenize(Words in, Words out);

  /** The Hugging Face {@code tokenizer.json} form of this stage. */
  JsonObject toJson();

  /** A word of a pre-tokenized text and its char offsets in the text given to {@link #split}. */
  record Split(String text, int start, int end) {}

  /** Convenience: the words of a (normalized) text with their char offsets. */
  default List<Split> split(String text) {
    Words in = Words.of(NormalizedString.of(text));
    Words out = new Words(text.length() + 8);
    preTokenize(in, out);
    List<Split> result = new ArrayList<>(out.count());
    for (int k = 0; k < out.count(); k++) {
      result.add(new Split(out.word(k), out.originalStart(k), out.originalEnd(k)));
    }
    return result;
  }

  /** Convenience: only the words of {@code text} (what trainers count). */
  default List<String> preTokenizeStr(String text) {
    List<Split> s = split(text);
    List<String> words = new ArrayList<>(s.size());
    for (Split x : s) {
      words.add(x.text());
    }
    return words;
  }
}
