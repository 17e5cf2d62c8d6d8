package org.transfer4j.tokenize.normalizer;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import org.transfer4j.tokenize.CharClass;
import org.transfer4j.tokenize.NormalizedString;
import org.transfer4j.tokenize.Normalizer;

/**
 * The original BERT text clean-up (Devlin et al., 2019, {@code tokenization.py}) in one pass:
 * remove control chars and U+FFFD and map whitespace to a space ({@code cleanText}), surround CJK
 * ideographs with spaces ({@code handleChineseChars}), NFD then drop nonspacing marks ({@code
 * stripAccents}; {@code null} follows {@code lowercase}), lowercase.
 *
 * <pre>{@code
 * new BertNormalizer(true, true, null, true).normalizeStr("Héllo\tWORLD 你好");  // "hello world  你  好 "
 * }</pre>
 */
public record BertNormalizer(
    boolean cleanText, boolean handleChineseChars, Boolean stripAccents, boolean lowercase)
    implements Normalizer {

  /** Settings of {@code bert-base-uncased}. */
  public static BertNormalizer uncased() {
    return new BertNormalizer(true, true, null, true);
  }

  /** Settings of {@code bert-base-cased}. */
  public static BertNormalizer cased() {
    return new BertNormalizer(true, true, null, false);
  }

  private boolean strip() {
    return stripAccents == null ? lowercase : stripAccents;
  }

  @Override
  public NormalizedString normalize(NormalizedString in) {
    NormalizedString out = in.derive();
    boolean strip = strip();
    char[] a = in.chars();
    int n = in.length();
    int i = 0;
    while (i < n) {
      char ch = a[i];
      int cp = ch;
      int width = 1;
      if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(a[i + 1])) {
        cp = Character.toCodePoint(ch, a[i + 1]);
        width = 2;
      }
      int s = in.originalStart(i);
      int e = in.originalEnd(i + width - 1);
      i += width;
      if (cp < 0x80 && cp >= 0x20 && cp != 0x7F) {
        // Hot path: printable ASCII needs no clean-up, CJK or accent handling.
        if (lowercase && cp >= 'A' && cp <= 'Z') {
          cp += 32;
        }
        out.append((char) cp, s, e);
        continue;
      }
      if (cleanText) {
        if (cp == 0 || cp == 0xFFFD || CharClass.isBertControl(cp)) {
          continue;
        }
        if (cp == '\t' || cp == '\n' || cp == '\r' || CharClass.isWhitespace(cp)) {
          cp = ' ';
        }
      }
      if (handleChineseChars && CharClass.isChinese(cp)) {
        out.append(' ', s, e);
        emit(out, cp, s, e, strip);
        out.append(' ', s, e);
      } else {
        emit(out, cp, s, e, strip);
      }
    }
    return out;
  }

  private void emit(NormalizedString out, int cp, int s, int e, boolean strip) {
    if (strip && cp >= 0xC0) {
      String d = Decompositions.nfd(cp);
      if (d != null) {
        for (int k = 0; k < d.length(); ) {
          int c = d.codePointAt(k);
          k += Character.charCount(c);
          if (!CharClass.isNonSpacingMark(c)) {
            lower(out, c, s, e);
          }
        }
        return;
      }
      if (CharClass.isNonSpacingMark(cp)) {
        return;
      }
    }
    lower(out, cp, s, e);
  }

  private void lower(NormalizedString out, int cp, int s, int e) {
    if (lowercase) {
      Lowercase.appendLower(out, cp, s, e);
    } else {
      out.appendCodePoint(cp, s, e);
    }
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("type", "BertNormalizer");
    o.addProperty("clean_text", cleanText);
    o.addProperty("handle_chinese_chars", handleChineseChars);
    if (stripAccents == null) {
      o.add("strip_accents", JsonNull.INSTANCE);
    } else {
      o.addProperty("strip_accents", stripAccents);
    }
    o.addProperty("lowercase", lowercase);
    return o;
  }
}
