package org.transfer4j.tokenize.normalizer;

import com.google.gson.JsonObject;
import java.text.Normalizer.Form;
import org.transfer4j.tokenize.NormalizedString;
import org.transfer4j.tokenize.Normalizer;

/**
 * A Unicode normalization form (NFC, NFD, NFKC, NFKD). Works segment by segment (a base char and
 * its combining marks): chars of a segment that changes length all align to the whole segment, so
 * offsets stay inside the original text.
 *
 * <pre>{@code
 * new UnicodeNormalizer(Form.NFKC).normalizeStr("ﬁne");  // "fine"
 * }</pre>
 */
public record UnicodeNormalizer(Form form) implements Normalizer {

  public UnicodeNormalizer {
    if (form == null) {
      throw new IllegalArgumentException("form must not be null");
    }
  }

  @Override
  public NormalizedString normalize(NormalizedString in) {
    char[] a = in.chars();
    int n = in.length();
    boolean ascii = true;
    for (int i = 0; i < n && ascii; i++) {
      ascii = a[i] < 0x80;
    }
    if (ascii) {
      return in;
    }
    NormalizedString out = in.derive();
    int i = 0;
    while (i < n) {
      int end = i + Character.charCount(Character.codePointAt(a, i, n));
      while (end < n) {
        int cp = Character.codePointAt(a, end, n);
        if (!isCombining(cp)) {
          break;
        }
        end += Character.charCount(cp);
      }
      String seg = new String(a, i, end - i);
      String norm = java.text.Normalizer.normalize(seg, form);
      if (norm.length() == seg.length()) {
        for (int k = 0; k < norm.length(); k++) {
          out.append(norm.charAt(k), in.originalStart(i + k), in.originalEnd(i + k));
        }
      } else {
        int s = in.originalStart(i);
        int e = in.originalEnd(end - 1);
        for (int k = 0; k < norm.length(); k++) {
          out.append(norm.charAt(k), s, e);
        }
      }
      i = end;
    }
    return out;
  }

  private static boolean isCombining(int cp) {
    if (cp < 0x300) {
      return false;
    }
    int t = Character.getType(cp);
    return t == Character.NON_SPACING_MARK
        || t == Character.COMBINING_SPACING_MARK
        || t == Character.ENCLOSING_MARK
        || (cp >= 0x1160
            && cp <= 0x11FF); // Hangul vowel and trailing jamo compose with a leading one
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("type", form.name());
    return o;
  }
}
