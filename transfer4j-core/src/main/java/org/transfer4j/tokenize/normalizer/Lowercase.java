package org.transfer4j.tokenize.normalizer;

import com.google.gson.JsonObject;
import org.transfer4j.tokenize.NormalizedString;
import org.transfer4j.tokenize.Normalizer;

/**
 * Unicode lowercase per code point with the full (one-to-many) mappings, as Rust's {@code
 * char::to_lowercase} does: U+0130 becomes {@code "i\u0307"}.
 */
public record Lowercase() implements Normalizer {

  static void appendLower(NormalizedString out, int cp, int s, int e) {
    if (cp < 0x80) {
      out.append((char) (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp), s, e);
    } else if (cp == 0x130) {
      out.append('i', s, e);
      out.append('\u0307', s, e);
    } else {
      out.appendCodePoint(Character.toLowerCase(cp), s, e);
    }
  }

  @Override
  public NormalizedString normalize(NormalizedString in) {
    NormalizedString out = in.derive();
    char[] a = in.chars();
    int n = in.length();
    for (int i = 0; i < n; ) {
      int cp = Character.codePointAt(a, i, n);
      int w = Character.charCount(cp);
      appendLower(out, cp, in.originalStart(i), in.originalEnd(i + w - 1));
      i += w;
    }
    return out;
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("type", "Lowercase");
    return o;
  }
}
