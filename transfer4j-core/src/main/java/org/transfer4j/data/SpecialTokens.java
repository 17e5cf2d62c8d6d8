package org.transfer4j.data;

/**
 * The special token ids the BERT-style data layer needs, and the vocabulary size (for random
 * replacement tokens in masking).
 *
 * <pre>{@code
 * SpecialTokens sp = SpecialTokens.bertBaseUncased();            // [PAD]=0 [UNK]=100 [CLS]=101 ...
 * SpecialTokens mine = new SpecialTokens(0, 1, 2, 3, 4, 8000);   // from a trained tokenizer
 * }</pre>
 *
 * @param pad {@code [PAD]}
 * @param unk {@code [UNK]} (maskable like a word, never drawn as a random replacement)
 * @param cls {@code [CLS]}
 * @param sep {@code [SEP]}
 * @param mask {@code [MASK]}
 * @param vocabSize the number of ids; random replacements are drawn from {@code [0, vocabSize)}
 */
public record SpecialTokens(int pad, int unk, int cls, int sep, int mask, int vocabSize) {
  public SpecialTokens {
    if (vocabSize < 6) {
      throw new IllegalArgumentException("vocabSize must be at least 6, got " + vocabSize);
    }
    int[] all = {pad, unk, cls, sep, mask};
    String[] names = {"pad", "unk", "cls", "sep", "mask"};
    for (int i = 0; i < all.length; i++) {
      if (all[i] < 0 || all[i] >= vocabSize) {
        throw new IllegalArgumentException(
            names[i] + " id " + all[i] + " is outside the vocabulary [0, " + vocabSize + ")");
      }
      for (int j = 0; j < i; j++) {
        if (all[i] == all[j]) {
          throw new IllegalArgumentException(
              names[i] + " and " + names[j] + " share the id " + all[i] + "; they must differ");
        }
      }
    }
  }

  /** The ids of the original Google BERT uncased vocabulary (30,522 entries). */
  public static SpecialTokens bertBaseUncased() {
    return new SpecialTokens(0, 100, 101, 102, 103, 30522);
  }

  /**
   * Looks up {@code [PAD] [UNK] [CLS] [SEP] [MASK]} by name, e.g. {@code
   * SpecialTokens.fromVocab(tokenizer::tokenToId, tokenizer.vocabSize())}.
   *
   * @param tokenToId the id of a token, -1 (or null) when absent
   */
  public static SpecialTokens fromVocab(
      java.util.function.Function<String, Integer> tokenToId, int vocabSize) {
    String[] names = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
    int[] ids = new int[names.length];
    java.util.List<String> missing = new java.util.ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      Integer id = tokenToId.apply(names[i]);
      ids[i] = id == null ? -1 : id;
      if (ids[i] < 0) {
        missing.add(names[i]);
      }
    }
    if (!missing.isEmpty()) {
      throw new org.transfer4j.BadInputException(
          "the tokenizer has no "
              + String.join(", ", missing)
              + " token(s); BERT-style pretraining and fine-tuning need [PAD] [UNK] [CLS] [SEP]"
              + " [MASK]: train the tokenizer with these special tokens");
    }
    return new SpecialTokens(ids[0], ids[1], ids[2], ids[3], ids[4], vocabSize);
  }

  /**
   * Whether masking must leave this id alone: {@code [PAD] [CLS] [SEP] [MASK]} (as the special
   * tokens mask of Hugging Face, which does not count {@code [UNK]} as special).
   */
  public boolean isSpecial(long id) {
    return id == pad || id == cls || id == sep || id == mask;
  }

  /** Whether {@code id} may be drawn as a random replacement: any id but the five specials. */
  public boolean isRandomCandidate(int id) {
    return id != pad && id != unk && id != cls && id != sep && id != mask;
  }
}
