package org.transfer4j.tokenize.word;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits on runs of whitespace and drops them, as Python's {@code str.split()} with no argument
 * (Unicode spaces such as U+00A0 included).
 *
 * <pre>{@code
 * WordTokenizer.whitespace().tokenize("  my card\u00a0is lost ");  // [my, card, is, lost]
 * }</pre>
 */
public final class WhitespaceTokenizer implements WordTokenizer {
  static final WhitespaceTokenizer INSTANCE = new WhitespaceTokenizer();

  private WhitespaceTokenizer() {}

  @Override
  public List<String> tokenize(String text) {
    List<String> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (WordTokenizer.isSpace(cp)) {
        if (start >= 0) {
          out.add(text.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      out.add(text.substring(start));
    }
    return out;
  }
}
