package org.transfer4j.tokenize.word;

import java.util.List;

/**
 * Splits a text into words, for word-level models and corpus statistics (no subwords, no ids).
 *
 * <pre>{@code
 * WordTokenizer t = WordTokenizer.wordPunct();
 * t.tokenize("Can't pay £5.");  // [Can, ', t, pay, £, 5, .]
 * }</pre>
 */
@FunctionalInterface
public interface WordTokenizer {
  List<String> tokenize(String text);

  /** Splits on whitespace, as Python's {@code str.split()}. */
  static WordTokenizer whitespace() {
    return WhitespaceTokenizer.INSTANCE;
  }

  /** {@code \w+|[^\w\s]+}, as NLTK's {@code wordpunct_tokenize}. */
  static WordTokenizer wordPunct() {
    return WordPunctTokenizer.INSTANCE;
  }

  /** Whitespace characters as Python's {@code str.isspace()} (NBSP and U+0085 included). */
  static boolean isSpace(int cp) {
    return Character.isWhitespace(cp)
        || Character.isSpaceChar(cp)
        || cp == 0x85
        || (cp >= 0x1C && cp <= 0x1F);
  }

  /**
   * Word characters as Python's {@code \w} on text: letters, numbers ({@code Nd Nl No}) and
   * underscore; combining marks are not word characters there.
   */
  static boolean isWordChar(int cp) {
    if (cp == '_' || Character.isLetter(cp)) {
      return true;
    }
    int t = Character.getType(cp);
    return t == Character.DECIMAL_DIGIT_NUMBER
        || t == Character.LETTER_NUMBER
        || t == Character.OTHER_NUMBER;
  }
}
