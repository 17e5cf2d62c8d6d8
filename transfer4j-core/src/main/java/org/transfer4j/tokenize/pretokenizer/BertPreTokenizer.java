package org.transfer4j.tokenize.pretokenizer;

import com.google.gson.JsonObject;
import org.transfer4j.tokenize.CharClass;
import org.transfer4j.tokenize.PreTokenizer;
import org.transfer4j.tokenize.Words;

/**
 * BERT's basic tokenizer split: whitespace separates words and is dropped; every punctuation char
 * is a word of its own.
 *
 * <pre>{@code
 * new BertPreTokenizer().preTokenizeStr("Hi, you!");  // [Hi, ",", you, !]
 * }</pre>
 */
public record BertPreTokenizer() implements PreTokenizer {
  @Override
  public void preTokenize(Words in, Words out) {
    char[] a = in.chars();
    for (int k = 0; k < in.count(); k++) {
      int end = in.wordEnd(k);
      for (int i = in.wordStart(k); i < end; ) {
        char ch = a[i];
        int cp = ch;
        int w = 1;
        if (Character.isHighSurrogate(ch) && i + 1 < end && Character.isLowSurrogate(a[i + 1])) {
          cp = Character.toCodePoint(ch, a[i + 1]);
          w = 2;
        }
        if (CharClass.isWhitespace(cp)) {
          out.endWord();
        } else if (CharClass.isBertPunctuation(cp)) {
          out.endWord();
          out.appendRange(in, i, i + w);
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
    o.addProperty("type", "BertPreTokenizer");
    return o;
  }
}
