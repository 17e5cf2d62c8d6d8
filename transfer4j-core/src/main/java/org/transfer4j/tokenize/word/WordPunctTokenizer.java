package org.transfer4j.tokenize.word;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits into runs of word characters and runs of other non-space characters: the regular
 * expression {@code \w+|[^\w\s]+} of NLTK's {@code wordpunct_tokenize}, with Python's Unicode
 * meaning of {@code \w} and {@code \s} (see {@link WordTokenizer#isWordChar}).
 *
 * <pre>{@code
 * WordTokenizer.wordPunct().tokenize("Why isn't my top-up working?!");
 * // [Why, isn, ', t, my, top, -, up, working, ?!]
 * }</pre>
 */
public final class WordPunctTokenizer implements WordTokenizer {
  static final WordPunctTokenizer INSTANCE = new WordPunctTokenizer();

  private static final int SPACE = 0;
  private static final int WORD = 1;
  private static final int PUNCT = 2;

  private WordPunctTokenizer() {}

  @Override
  public List<String> tokenize(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int kind = SPACE;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int k = WordTokenizer.isWordChar(cp) ? WORD : WordTokenizer.isSpace(cp) ? SPACE : PUNCT;
      if (k != kind) {
        if (kind != SPACE) {
          out.add(text.substring(start, i));
        }
        start = i;
        kind = k;
      }
      i += Character.charCount(cp);
    }
    if (kind != SPACE) {
      out.add(text.substring(start));
    }
    return out;
  }
}
