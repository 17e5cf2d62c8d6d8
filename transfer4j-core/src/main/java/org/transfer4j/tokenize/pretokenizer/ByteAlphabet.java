package org.transfer4j.tokenize.pretokenizer;

import java.util.Arrays;

/**
 * GPT-2's reversible byte-to-char table ({@code bytes_to_unicode}): printable bytes map to
 * themselves, the other 68 bytes to U+0100 onwards, so every byte string is a visible string (a
 * space becomes {@code Ġ}, a newline {@code Ċ}).
 */
public final class ByteAlphabet {
  private ByteAlphabet() {}

  /** Char for each byte value. */
  public static final char[] BYTE_TO_CHAR = new char[256];

  /** Byte value for each alphabet char, -1 for chars outside the alphabet (index = char). */
  private static final int[] CHAR_TO_BYTE = new int[324];

  static {
    Arrays.fill(CHAR_TO_BYTE, -1);
    int extra = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174);
      char c = printable ? (char) b : (char) (256 + extra++);
      BYTE_TO_CHAR[b] = c;
      CHAR_TO_BYTE[c] = b;
    }
  }

  /** The byte a char of the alphabet stands for, or -1. */
  public static int byteOf(char c) {
    return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
  }

  /** Writes the UTF-8 bytes of {@code cp} into {@code out}; returns how many. */
  public static int utf8(int cp, byte[] out) {
    if (cp < 0x80) {
      out[0] = (byte) cp;
      return 1;
    }
    if (cp < 0x800) {
      out[0] = (byte) (0xC0 | (cp >> 6));
      out[1] = (byte) (0x80 | (cp & 0x3F));
      return 2;
    }
    if (cp < 0x10000) {
      out[0] = (byte) (0xE0 | (cp >> 12));
      out[1] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      out[2] = (byte) (0x80 | (cp & 0x3F));
      return 3;
    }
    out[0] = (byte) (0xF0 | (cp >> 18));
    out[1] = (byte) (0x80 | ((cp >> 12) & 0x3F));
    out[2] = (byte) (0x80 | ((cp >> 6) & 0x3F));
    out[3] = (byte) (0x80 | (cp & 0x3F));
    return 4;
  }

  /** Maps a string's UTF-8 bytes to alphabet chars (what BPE trainers count). */
  public static String encode(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    byte[] buf = new byte[4];
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isSurrogate((char) cp) && cp < 0x10000) {
        cp = 0xFFFD;
      }
      int n = utf8(cp, buf);
      for (int k = 0; k < n; k++) {
        sb.append(BYTE_TO_CHAR[buf[k] & 0xFF]);
      }
    }
    return sb.toString();
  }
}
