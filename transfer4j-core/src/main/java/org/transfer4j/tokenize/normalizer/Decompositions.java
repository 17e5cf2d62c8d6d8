package org.transfer4j.tokenize.normalizer;

import java.text.Normalizer.Form;

/** Memoized canonical (NFD) decompositions of single code points, for accent stripping. */
final class Decompositions {
  private Decompositions() {}

  private static final String NONE = "";
  // Benign races: every thread computes the same immutable value.
  private static final String[] BMP = new String[0x10000];

  /** The NFD form of {@code cp}, or {@code null} when it does not decompose. */
  static String nfd(int cp) {
    if (cp < 0x10000) {
      String d = BMP[cp];
      if (d == null) {
        String c = compute(cp);
        d = c == null ? NONE : c;
        BMP[cp] = d;
      }
      return d.isEmpty() ? null : d;
    }
    return compute(cp);
  }

  private static String compute(int cp) {
    String s = new String(Character.toChars(cp));
    String d = java.text.Normalizer.normalize(s, Form.NFD);
    return d.equals(s) ? null : d;
  }
}
