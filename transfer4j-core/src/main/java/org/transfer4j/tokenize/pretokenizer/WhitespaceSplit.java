package org.transfer4j.tokenize.pretokenizer;

import com.google.gson.JsonObject;
import org.transfer4j.tokenize.CharClass;
import org.transfer4j.tokenize.PreTokenizer;
import org.transfer4j.tokenize.Words;

/** Splits on Unicode whitespace only (dropped). */
public record WhitespaceSplit() implements PreTokenizer {
  @Override
  public void preTokenize(Words in, Words out) {
    char[] a = in.chars();
    for (int k = 0; k < in.count(); k++) {
      int end = in.wordEnd(k);
      for (int i = in.wordStart(k); i < end; ) {
        int cp = Character.codePointAt(a, i, end);
        int w = Character.charCount(cp);
        if (CharClass.isWhitespace(cp)) {
          out.endWord();
        } else {
          out.appendRange(in, i, i + w);
        }
        i += w;
      }
      out.endWord();
    }
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("type", "WhitespaceSplit");
    return o;
  }
}
