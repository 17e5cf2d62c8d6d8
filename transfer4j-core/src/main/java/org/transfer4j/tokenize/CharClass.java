package org.transfer4j.tokenize;

/**
 * Unicode character classes with the exact definitions the Hugging Face tokenizers (Rust) use,
 * which differ from {@link Character#isWhitespace}: e.g. U+00A0 is whitespace in Rust and not in
 * Java, U+001C..U+001F the other way round.
 */
public final class CharClass {
  private CharClass() {}

  /** Rust {@code char::is_whitespace}: the Unicode White_Space property. */
  public static boolean isWhitespace(int c) {
    if (c < 0x80) {
      return c == ' ' || (c >= 0x09 && c <= 0x0D);
    }
    return c == 0x85
        || c == 0xA0
        || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A)
        || c == 0x2028
        || c == 0x2029
        || c == 0x202F
        || c == 0x205F
        || c == 0x3000;
  }

  /**
   * BERT's control chars (removed by clean-up): categories Cc, Cf, Co and Cs except tab, newline
   * and return. Unassigned code points (Cn) are kept, as the Hugging Face library does.
   */
  public static boolean isBertControl(int c) {
    if (c == '\t' || c == '\n' || c == '\r') {
      return false;
    }
    switch (Character.getType(c)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.PRIVATE_USE:
      case Character.SURROGATE:
        return true;
      default:
        return false;
    }
  }

  /** BERT punctuation: ASCII punctuation or a Unicode P* category. */
  public static boolean isBertPunctuation(int c) {
    if (c < 0x80) {
      return (c >= 33 && c <= 47)
          || (c >= 58 && c <= 64)
          || (c >= 91 && c <= 96)
          || (c >= 123 && c <= 126);
    }
    switch (Character.getType(c)) {
      case Character.CONNECTOR_PUNCTUATION:
      case Character.DASH_PUNCTUATION:
      case Character.START_PUNCTUATION:
      case Character.END_PUNCTUATION:
      case Character.INITIAL_QUOTE_PUNCTUATION:
      case Character.FINAL_QUOTE_PUNCTUATION:
      case Character.OTHER_PUNCTUATION:
        return true;
      default:
        return false;
    }
  }

  /** The CJK Unified Ideograph blocks the original BERT pads with spaces. */
  public static boolean isChinese(int c) {
    return (c >= 0x4E00 && c <= 0x9FFF)
        || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0x20000 && c <= 0x2A6DF)
        || (c >= 0x2A700 && c <= 0x2B73F)
        || (c >= 0x2B740 && c <= 0x2B81F)
        || (c >= 0x2B820 && c <= 0x2CEAF)
        || (c >= 0xF900 && c <= 0xFAFF)
        || (c >= 0x2F800 && c <= 0x2FA1F);
  }

  /** Regex {@code \p{L}}. */
  public static boolean isLetter(int c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    return Character.isLetter(c);
  }

  /** Regex {@code \p{N}}. */
  public static boolean isNumber(int c) {
    if (c < 0x80) {
      return c >= '0' && c <= '9';
    }
    int t = Character.getType(c);
    return t == Character.DECIMAL_DIGIT_NUMBER
        || t == Character.LETTER_NUMBER
        || t == Character.OTHER_NUMBER;
  }

  /** Nonspacing mark (Mn), what accent stripping removes after NFD. */
  public static boolean isNonSpacingMark(int c) {
    return c >= 0x300 && Character.getType(c) == Character.NON_SPACING_MARK;
  }

  /**
   * Regex {@code \w} (Unicode): alphabetic, marks, decimal digits, connector punctuation, joiners.
   */
  public static boolean isWordChar(int c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    if (Character.isAlphabetic(c) || c == 0x200C || c == 0x200D) {
      return true;
    }
    int t = Character.getType(c);
    return t == Character.NON_SPACING_MARK
        || t == Character.ENCLOSING_MARK
        || t == Character.COMBINING_SPACING_MARK
        || t == Character.DECIMAL_DIGIT_NUMBER
        || t == Character.CONNECTOR_PUNCTUATION;
  }
}
