package org.transfer4j.model.tagger;

/**
 * A word's casing class, a feature that carries what lowercased vectors lose and what matters most
 * for names (Reimers and Gurevych, 2017; the classes of their BiLSTM-CNN-CRF tagger).
 *
 * <pre>{@code
 * int k = Casing.of("Paris"); // Casing.INITIAL_UPPER
 * }</pre>
 */
public final class Casing {
  public static final int OTHER = 0;
  public static final int NUMERIC = 1;
  public static final int MAINLY_NUMERIC = 2;
  public static final int ALL_LOWER = 3;
  public static final int ALL_UPPER = 4;
  public static final int INITIAL_UPPER = 5;
  public static final int CONTAINS_DIGIT = 6;

  /** A word the tokenizer could not spell (an unknown character). */
  public static final int UNKNOWN = 7;

  /** The number of classes (the one-hot width). */
  public static final int SIZE = 8;

  private Casing() {}

  /** The class of a word; {@code null} is {@link #UNKNOWN}. */
  public static int of(String word) {
    if (word == null || word.isEmpty()) {
      return UNKNOWN;
    }
    int digits = 0;
    for (int i = 0; i < word.length(); i++) {
      if (Character.isDigit(word.charAt(i))) {
        digits++;
      }
    }
    if (digits == word.length()) {
      return NUMERIC;
    }
    if (2 * digits > word.length()) {
      return MAINLY_NUMERIC;
    }
    if (word.equals(word.toLowerCase(java.util.Locale.ROOT))
        && !word.equals(word.toUpperCase(java.util.Locale.ROOT))) {
      return ALL_LOWER;
    }
    if (word.equals(word.toUpperCase(java.util.Locale.ROOT))
        && !word.equals(word.toLowerCase(java.util.Locale.ROOT))) {
      return ALL_UPPER;
    }
    if (Character.isUpperCase(word.charAt(0))) {
      return INITIAL_UPPER;
    }
    return digits > 0 ? CONTAINS_DIGIT : OTHER;
  }
}
