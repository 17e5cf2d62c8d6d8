package org.transfer4j.tokenize.train;

import java.util.Set;
import java.util.TreeSet;

/**
 * The 256 characters GPT-2's byte-level BPE uses for the bytes 0..255 (Radford et al., 2019, {@code
 * bytes_to_unicode}): printable Latin-1 bytes stand for themselves, the others are shifted to
 * U+0100 and up. A byte-level trainer starts from all of them so that any text can be encoded.
 */
final class ByteAlphabet {
  private ByteAlphabet() {}

  /** The code point that stands for byte {@code b} (0..255). */
  static int charOf(int b) {
    if (isPrintable(b)) {
      return b;
    }
    int n = 0;
    for (int x = 0; x < b; x++) {
      if (!isPrintable(x)) {
        n++;
      }
    }
    return 256 + n;
  }

  /** All 256 code points. */
  static Set<Integer> codePoints() {
    Set<Integer> s = new TreeSet<>();
    for (int b = 0; b < 256; b++) {
      s.add(charOf(b));
    }
    return s;
  }

  private static boolean isPrintable(int b) {
    return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
  }
}
