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
      segment(in, i, end, out);
      i = end;
    }
    return out;
  }

  /**
   * Normalizes chars {@code [from, to)} (a starter and its combining marks) with Hugging Face's
   * alignments: a decomposed char's pieces align to that char; a composed char aligns to its
   * starter, and marks absorbed by composition disappear.
   */
  private void segment(NormalizedString in, int from, int to, NormalizedString out) {
    char[] a = in.chars();
    boolean compat = form == Form.NFKC || form == Form.NFKD;
    Form decompose = compat ? Form.NFKD : Form.NFD;
    StringBuilder d = new StringBuilder();
    int[] ds = new int[(to - from) * 4 + 8];
    int[] de = new int[ds.length];
    for (int i = from; i < to; ) {
      int cp = Character.codePointAt(a, i, to);
      int w = Character.charCount(cp);
      String piece = java.text.Normalizer.normalize(new String(a, i, w), decompose);
      for (int k = 0; k < piece.length(); k++) {
        if (d.length() == ds.length) {
          ds = java.util.Arrays.copyOf(ds, ds.length * 2);
          de = java.util.Arrays.copyOf(de, de.length * 2);
        }
        ds[d.length()] = in.originalStart(i);
        de[d.length()] = in.originalEnd(i + w - 1);
        d.append(piece.charAt(k));
      }
      i += w;
    }
    String whole = java.text.Normalizer.normalize(new String(a, from, to - from), decompose);
    if (!whole.contentEquals(d)) {
      // Canonical reordering permuted the marks; alignments stay by position (as in HF).
      if (whole.length() != d.length()) {
        emitAll(
            java.text.Normalizer.normalize(whole, form),
            in.originalStart(from),
            in.originalEnd(to - 1),
            out);
        return;
      }
      d.setLength(0);
      d.append(whole);
    }
    if (form == Form.NFD || form == Form.NFKD) {
      for (int k = 0; k < d.length(); k++) {
        out.append(d.charAt(k), ds[k], de[k]);
      }
      return;
    }
    // Composition: each output char takes the alignment of the next decomposed position and
    // consumes as many positions as it has decomposed chars (Hugging Face's transform semantics).
    String c = java.text.Normalizer.normalize(whole, form);
    int p = 0;
    for (int k = 0; k < c.length(); ) {
      int cp = c.codePointAt(k);
      int w = Character.charCount(cp);
      int at = Math.min(p, d.length() - 1);
      for (int u = 0; u < w; u++) {
        out.append(c.charAt(k + u), ds[at], de[at]);
      }
      p += java.text.Normalizer.normalize(c.substring(k, k + w), Form.NFD).length();
      k += w;
    }
  }

  private static void emitAll(String s, int start, int end, NormalizedString out) {
    for (int k = 0; k < s.length(); k++) {
      out.append(s.charAt(k), start, end);
    }
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
