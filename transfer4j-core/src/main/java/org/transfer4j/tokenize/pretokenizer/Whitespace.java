package org.transfer4j.tokenize.pretokenizer;

import com.google.gson.JsonObject;
import org.transfer4j.tokenize.CharClass;
import org.transfer4j.tokenize.PreTokenizer;
import org.transfer4j.tokenize.Words;

/**
 * The regex {@code \w+|[^\w\s]+}: runs of word chars and runs of other non-space chars are words;
 * whitespace is dropped.
 *
 * <pre>{@code
 * new Whitespace().preTokenizeStr("Hey!! you");  // [Hey, !!, you]
 * }</pre>
 */
public record Whitespace() implements PreTokenizer {
  private static final int SPACE = 0;
  private static final int WORD = 1;
  private static final int OTHER = 2;

  private static int kind(int cp) {
    if (CharClass.isWordChar(cp)) {
      return WORD;
    }
    return CharClass.isWhitespace(cp) ? SPACE : OTHER;
  }

  @Override
  public void preTokenize(Words in, Words out) {
    char[] a = in.chars();
    for (int k = 0; k < in.count(); k++) {
      int end = in.wordEnd(k);
      int prev = SPACE;
      for (int i = in.wordStart(k); i < end; ) {
        int cp = Character.codePointAt(a, i, end);
        int w = Character.charCount(cp);
        int kind = kind(cp);
        if (kind != prev) {
          out.endWord();
        }
        if (kind != SPACE) {
          out.appendRange(in, i, i + w);
        }
        prev = kind;
        i += w;
      }
      out.endWord();
    }
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("type", "Whitespace");
    return o;
  }
}
