package org.transfer4j.tokenize.train;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.transfer4j.tokenize.pretokenizer.ByteAlphabet;

/**
 * Options of the subword trainers, named after the Hugging Face {@code BpeTrainer} / {@code
 * WordPieceTrainer} keys. Presets: {@link #wordPiece} (BERT) and {@link #byteLevelBpe} (GPT-2).
 *
 * <pre>{@code
 * TrainerConfig c = TrainerConfig.wordPiece(30_000).withMinFrequency(5);
 * }</pre>
 *
 * @param vocabSize target vocabulary size, special tokens included
 * @param minFrequency a pair seen fewer times than this is never merged
 * @param specialTokens added first, with ids 0, 1, ... in this order
 * @param limitAlphabet keep at most this many distinct characters (the most frequent; those of
 *     {@code initialAlphabet} first); {@code null} keeps them all
 * @param initialAlphabet characters (code points) always in the alphabet, even when unseen
 * @param continuingSubwordPrefix prefix of every piece that does not start a word ({@code "##"} for
 *     WordPiece), or {@code null}
 * @param endOfWordSuffix suffix of every piece that ends a word, or {@code null}
 * @param maxTokenLength no merge produces a token longer than this many characters; {@code null}
 *     for no limit
 */
public record TrainerConfig(
    int vocabSize,
    long minFrequency,
    List<String> specialTokens,
    Integer limitAlphabet,
    Set<Integer> initialAlphabet,
    String continuingSubwordPrefix,
    String endOfWordSuffix,
    Integer maxTokenLength) {

  /** The special tokens of BERT, in the order of the original vocabulary's first ids. */
  public static final List<String> BERT_SPECIAL_TOKENS =
      List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

  /** GPT-2's only special token. */
  public static final String END_OF_TEXT = "<|endoftext|>";

  public TrainerConfig {
    if (vocabSize < 1) {
      throw new IllegalArgumentException("vocab size must be positive, got " + vocabSize);
    }
    if (minFrequency < 0) {
      throw new IllegalArgumentException("min frequency must be >= 0, got " + minFrequency);
    }
    if (limitAlphabet != null && limitAlphabet < 0) {
      throw new IllegalArgumentException("limit alphabet must be >= 0, got " + limitAlphabet);
    }
    if (maxTokenLength != null && maxTokenLength < 1) {
      throw new IllegalArgumentException("max token length must be >= 1, got " + maxTokenLength);
    }
    specialTokens = List.copyOf(specialTokens);
    for (String s : specialTokens) {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("special tokens must not be empty strings");
      }
    }
    initialAlphabet = Set.copyOf(new TreeSet<>(initialAlphabet));
    if (continuingSubwordPrefix != null && continuingSubwordPrefix.isEmpty()) {
      continuingSubwordPrefix = null;
    }
    if (endOfWordSuffix != null && endOfWordSuffix.isEmpty()) {
      endOfWordSuffix = null;
    }
  }

  /**
   * What Hugging Face's {@code BertWordPieceTokenizer.train} uses: {@code ##} pieces, alphabet
   * limited to 1000 characters, min frequency 2, the BERT special tokens.
   */
  public static TrainerConfig wordPiece(int vocabSize) {
    return new TrainerConfig(vocabSize, 2, BERT_SPECIAL_TOKENS, 1000, Set.of(), "##", null, null);
  }

  /**
   * What Hugging Face's {@code ByteLevelBPETokenizer.train} uses: the 256 byte characters as the
   * initial alphabet, min frequency 2, {@code <|endoftext|>} as GPT-2 does.
   */
  public static TrainerConfig byteLevelBpe(int vocabSize) {
    return new TrainerConfig(
        vocabSize, 2, List.of(END_OF_TEXT), null, byteAlphabet(), null, null, null);
  }

  public TrainerConfig withVocabSize(int v) {
    return new TrainerConfig(
        v,
        minFrequency,
        specialTokens,
        limitAlphabet,
        initialAlphabet,
        continuingSubwordPrefix,
        endOfWordSuffix,
        maxTokenLength);
  }

  public TrainerConfig withMinFrequency(long f) {
    return new TrainerConfig(
        vocabSize,
        f,
        specialTokens,
        limitAlphabet,
        initialAlphabet,
        continuingSubwordPrefix,
        endOfWordSuffix,
        maxTokenLength);
  }

  public TrainerConfig withSpecialTokens(List<String> s) {
    return new TrainerConfig(
        vocabSize,
        minFrequency,
        s,
        limitAlphabet,
        initialAlphabet,
        continuingSubwordPrefix,
        endOfWordSuffix,
        maxTokenLength);
  }

  public TrainerConfig withLimitAlphabet(Integer l) {
    return new TrainerConfig(
        vocabSize,
        minFrequency,
        specialTokens,
        l,
        initialAlphabet,
        continuingSubwordPrefix,
        endOfWordSuffix,
        maxTokenLength);
  }

  public TrainerConfig withInitialAlphabet(Set<Integer> a) {
    return new TrainerConfig(
        vocabSize,
        minFrequency,
        specialTokens,
        limitAlphabet,
        a,
        continuingSubwordPrefix,
        endOfWordSuffix,
        maxTokenLength);
  }

  public TrainerConfig withMaxTokenLength(Integer m) {
    return new TrainerConfig(
        vocabSize,
        minFrequency,
        specialTokens,
        limitAlphabet,
        initialAlphabet,
        continuingSubwordPrefix,
        endOfWordSuffix,
        m);
  }

  /** The 256 characters standing for the bytes in byte-level BPE (GPT-2's bytes_to_unicode). */
  private static Set<Integer> byteAlphabet() {
    Set<Integer> s = new TreeSet<>();
    for (char c : ByteAlphabet.BYTE_TO_CHAR) {
      s.add((int) c);
    }
    return s;
  }

  /** A plain BPE configuration (no prefix, no alphabet limit), as Hugging Face's defaults. */
  public static TrainerConfig bpe(int vocabSize) {
    return new TrainerConfig(vocabSize, 0, List.of(), null, Set.of(), null, null, null);
  }
}
