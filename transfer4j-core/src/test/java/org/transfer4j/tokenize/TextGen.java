package org.transfer4j.tokenize;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generator of adversarial tokenizer inputs: mixed case, accents (precomposed and
 * combining), CJK, Hangul, emoji (old and new, ZWJ sequences), control and format chars, URLs,
 * numbers, contractions, special-token look-alikes, words over 100 chars, whitespace runs, empty.
 */
final class TextGen {
  private static final String[] WORDS = {
    "the",
    "The",
    "HELLO",
    "world",
    "Tokenizer",
    "don't",
    "it's",
    "we'll",
    "they're",
    "I've",
    "I'm",
    "café",
    "CAFÉ",
    "naïve",
    "Zoë",
    "straße",
    "İstanbul",
    "ΣΊΣΥΦΟΣ",
    "Москва",
    "日本語",
    "中文字符",
    "東京",
    "한국어",
    "नमस्ते",
    "مرحبا",
    "שלום",
    "ไทย",
    "e\u0301te\u0301",
    "A\u030Angstro\u0308m",
    "ﬁne",
    "ｆｕｌｌｗｉｄｔｈ",
    "①②",
    "x²",
    "½",
    "$100",
    "3.14159",
    "1,000,000",
    "42",
    "007",
    "https://example.com/path?q=1&b=2#frag",
    "user@mail.org",
    "C++",
    "foo_bar",
    "--flag",
    "[CLS]",
    "[SEP]",
    "[MASK]",
    "[cls]",
    "<|endoftext|>",
    "<s>",
    "##ing",
    "unaffable",
    "embeddings",
    "transformers",
    "'s",
    "'ll",
    "''",
    "\"quoted\"",
    "(paren)",
    "…",
    "—",
    "«guillemets»",
    "¿qué?",
    "¡hola!",
    "😀",
    "🤩",
    "🥰",
    "🫠",
    "👩‍💻",
    "👍🏽",
    "🇫🇷",
    "❤️",
    "✨",
    "\uD83D\uDE00\uD83D\uDE01",
    "ǅ",
    "ŉ",
    "Ǆ",
    "ﬃ",
    "Å",
    "ß",
    "ΐ",
    "\u00AD",
    "\u200Bzero",
    "\uFEFFbom",
    "tab\there",
    "\u0000nul",
    "bell\u0007",
    "\u001F",
    "\u007F",
    "\u0085",
    "\u2028",
    "\u00A0nbsp",
    "\u3000",
    "\uE000priv",
    "\u2060",
    "\uFFFD",
    "\u0301",
    "a\u0308\u0301",
    "\u0915\u094D\u0937",
    "Ⅻ",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "𠀀𠀁",
    "\uD840\uDC00"
  };

  private static final String[] SPACES = {
    " ", " ", " ", "  ", "\t", "\n", " \n ", "\r\n", "   \t  ", "\u00A0", "\u3000", "\u2009"
  };

  private final SplittableRandom rnd;

  TextGen(long seed) {
    rnd = new SplittableRandom(seed);
  }

  String next() {
    int kind = rnd.nextInt(20);
    if (kind == 0) {
      return rnd.nextInt(4) == 0 ? "" : SPACES[rnd.nextInt(SPACES.length)];
    }
    int n = 1 + rnd.nextInt(kind < 15 ? 12 : 60);
    StringBuilder sb = new StringBuilder();
    if (rnd.nextInt(6) == 0) {
      sb.append(SPACES[rnd.nextInt(SPACES.length)]);
    }
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(
            rnd.nextInt(5) == 0
                ? SPACES[rnd.nextInt(SPACES.length)]
                : rnd.nextInt(8) == 0 ? "" : " ");
      }
      sb.append(word());
    }
    if (rnd.nextInt(6) == 0) {
      sb.append(SPACES[rnd.nextInt(SPACES.length)]);
    }
    return sb.toString();
  }

  private String word() {
    int k = rnd.nextInt(10);
    if (k < 5) {
      return WORDS[rnd.nextInt(WORDS.length)];
    }
    if (k == 5) {
      return randomLatin(1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 150 : 12));
    }
    if (k == 6) {
      return Integer.toString(rnd.nextInt(100000));
    }
    if (k == 7) {
      return randomCodePoints(1 + rnd.nextInt(4));
    }
    if (k == 8) {
      return ""
          + (char) ('!' + rnd.nextInt(15))
          + (rnd.nextBoolean() ? WORDS[rnd.nextInt(WORDS.length)] : "");
    }
    return randomLatin(3 + rnd.nextInt(8)).toUpperCase(java.util.Locale.ROOT);
  }

  private String randomLatin(int len) {
    StringBuilder sb = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      int r = rnd.nextInt(30);
      sb.append(r < 26 ? (char) ('a' + r) : "éüñç".charAt(r - 26));
    }
    return sb.toString();
  }

  /** Random assigned code points from scripts both libraries agree on (Unicode <= 9 blocks). */
  private String randomCodePoints(int len) {
    int[][] ranges = {
      {0x20, 0x7E},
      {0xA1, 0x17F},
      {0x370, 0x3FF},
      {0x400, 0x4FF},
      {0x4E00, 0x9FA5},
      {0x3040, 0x30FF},
      {0xAC00, 0xD7A3},
      {0x1F600, 0x1F64F},
      {0x2000, 0x206F},
      {0xFF01, 0xFF5E},
      {0x0600, 0x06FF},
      {0x0900, 0x097F},
      {0x2190, 0x21FF},
      {0x1F300, 0x1F5FF}
    };
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      int[] r = ranges[rnd.nextInt(ranges.length)];
      int cp = r[0] + rnd.nextInt(r[1] - r[0] + 1);
      if (Character.isDefined(cp) && !Character.isSurrogate((char) cp)) {
        sb.appendCodePoint(cp);
      }
    }
    return sb.toString();
  }

  List<String> take(int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(next());
    }
    return out;
  }
}
