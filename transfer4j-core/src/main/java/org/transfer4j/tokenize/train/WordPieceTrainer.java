package org.transfer4j.tokenize.train;

import java.util.List;
import java.util.Map;

/**
 * Learns a WordPiece vocabulary (Wu et al., 2016; Devlin et al., 2019) as Hugging Face's {@code
 * WordPieceTrainer} does: it is the {@link BpeTrainer} with the continuing-subword prefix {@code
 * ##} (pieces inside a word are {@code ##x}), whose vocabulary, ids unchanged, becomes the
 * WordPiece vocabulary (the merges are dropped: WordPiece encodes by greedy longest match).
 *
 * <pre>{@code
 * List<String> vocab = WordPieceTrainer.train(counts, TrainerConfig.wordPiece(30_000));
 * // [PAD], [UNK], [CLS], [SEP], [MASK], !, ", ..., ##s, ##ing, the, ...
 * }</pre>
 */
public final class WordPieceTrainer {
  private WordPieceTrainer() {}

  public static List<String> train(Map<String, Long> wordCounts, TrainerConfig config) {
    return train(wordCounts, config, Progress.none());
  }

  /**
   * The vocabulary in id order. A config without a continuing-subword prefix gets {@code ##}.
   *
   * @throws org.transfer4j.BadInputException when there are no words or {@code vocabSize} is too
   *     small for the special tokens and the alphabet
   */
  public static List<String> train(
      Map<String, Long> wordCounts, TrainerConfig config, Progress progress) {
    TrainerConfig c = config;
    if (c.continuingSubwordPrefix() == null) {
      c =
          new TrainerConfig(
              c.vocabSize(),
              c.minFrequency(),
              c.specialTokens(),
              c.limitAlphabet(),
              c.initialAlphabet(),
              "##",
              c.endOfWordSuffix(),
              c.maxTokenLength());
    }
    return BpeTrainer.train(wordCounts, c, progress).vocab();
  }
}
