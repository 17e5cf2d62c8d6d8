package org.transfer4j.tokenize.normalizer;

import com.google.gson.JsonObject;
import org.transfer4j.tokenize.CharClass;
import org.transfer4j.tokenize.NormalizedString;
import org.transfer4j.tokenize.Normalizer;

/** Removes nonspacing marks (Mn); use after {@code NFD} or {@code NFKD} to strip accents. */
public record StripAccents() implements Normalizer {
  @Override
  public NormalizedString normalize(NormalizedString in) {
    NormalizedString out = in.derive();
    char[] a = in.chars();
    int n = in.length();
    for (int i = 0; i < n; ) {
      int cp = Character.codePointAt(a, i, n);
      int w = Character.charCount(cp);
      if (!CharClass.isNonSpacingMark(cp)) {
        out.appendCodePoint(cp, in.originalStart(i), in.originalEnd(i + w - 1));
      }
      i += w;
    }
    return out;
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("type", "StripAccents");
    return o;
  }
}
