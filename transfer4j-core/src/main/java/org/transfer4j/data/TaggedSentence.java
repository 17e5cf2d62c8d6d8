package org.transfer4j.data;

import java.util.List;

/**
 * One CoNLL sentence: its words and their tags.
 *
 * @param words the words
 * @param tags one tag per word
 * @param source {@code file:line} of the first word
 */
public record TaggedSentence(List<String> words, List<String> tags, String source) {
  public TaggedSentence {
    words = List.copyOf(words);
    tags = List.copyOf(tags);
    if (words.size() != tags.size()) {
      throw new IllegalArgumentException(
          source + ": " + words.size() + " words but " + tags.size() + " tags");
    }
  }
}
