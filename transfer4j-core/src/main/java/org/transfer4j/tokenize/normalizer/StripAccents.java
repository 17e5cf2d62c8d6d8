package org.transfer4j.tokenize.normalizer;

import com.google.gson.JsonObject;
import org.transfer4j.tokenize.NormalizedString;
import org.transfer4j.tokenize.Normalizer;

/**
 * Removes combining marks (Mn, Mc, Me, as Hugging Face's {@code StripAccents} does); use after
 * {@code NFD} or {@code NFKD} to strip accents. (The BERT normalizer removes only Mn.)
 */
public record StripAccents() implements Normalizer {
  @Override
  public NormalizedString normalize(NormalizedString in) {
    NormalizedString out = in.derive();
    char[] a = in.chars();
    int n = in.length();
    for (int i = 0; i < n; ) {
      int cp = Character.codePointAt(a, i, n);
      int w = Character.charCount(cp);
      if (!isMark(cp)) {
        out.appendCodePoint(cp, in.originalStart(i), in.originalEnd(i + w - 1));
      }
      i += w;
    }
    return out;
  }

  private static boolean isMark(int cp) {
    if (cp < 0x300) {
      return false;
    }
    int t = Character.getType(cp);
    return t == Character.NON_SPACING_MARK
        || t == Character.COMBINING_SPACING_MARK
        || t == Character.ENCLOSING_MARK;
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("type", "StripAccents");
    return o;
  }
}
