package org.transfer4j.tokenize;

/**
 * Settings of a BERT WordPiece tokenizer (Hugging Face {@code BertTokenizerFast} keys).
 *
 * <pre>{@code
 * Tokenizer t = Tokenizer.bertWordPiece(vocab, BertOptions.uncased());
 * }</pre>
 *
 * @param stripAccents {@code null}: strip accents when lowercasing
 */
public record BertOptions(
    boolean lowercase,
    Boolean stripAccents,
    boolean cleanText,
    boolean handleChineseChars,
    String unkToken,
    String clsToken,
    String sepToken,
    String padToken,
    String maskToken) {
  public BertOptions {
    if (unkToken == null
        || clsToken == null
        || sepToken == null
        || padToken == null
        || maskToken == null) {
      throw new IllegalArgumentException("BERT special tokens must not be null");
    }
  }

  /** {@code bert-base-uncased}. */
  public static BertOptions uncased() {
    return new BertOptions(true, null, true, true, "[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]");
  }

  /** {@code bert-base-cased}. */
  public static BertOptions cased() {
    return new BertOptions(false, null, true, true, "[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]");
  }

  public BertOptions withLowercase(boolean lc) {
    return new BertOptions(
        lc,
        stripAccents,
        cleanText,
        handleChineseChars,
        unkToken,
        clsToken,
        sepToken,
        padToken,
        maskToken);
  }

  public BertOptions withStripAccents(Boolean s) {
    return new BertOptions(
        lowercase,
        s,
        cleanText,
        handleChineseChars,
        unkToken,
        clsToken,
        sepToken,
        padToken,
        maskToken);
  }

  public BertOptions withHandleChineseChars(boolean h) {
    return new BertOptions(
        lowercase, stripAccents, cleanText, h, unkToken, clsToken, sepToken, padToken, maskToken);
  }
}
