package org.transfer4j.tokenize.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.transfer4j.BadInputException;
import org.transfer4j.tokenize.AddedToken;
import org.transfer4j.tokenize.BertOptions;
import org.transfer4j.tokenize.Normalizer;
import org.transfer4j.tokenize.PreTokenizer;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.tokenize.normalizer.BertNormalizer;
import org.transfer4j.tokenize.pretokenizer.BertPreTokenizer;
import org.transfer4j.tokenize.pretokenizer.ByteLevel;

/**
 * Trains complete tokenizers, as Hugging Face's {@code BertWordPieceTokenizer.train} and {@code
 * ByteLevelBPETokenizer.train} do: the words are counted with the very normalizer and pre-tokenizer
 * of the tokenizer being built, then {@link WordPieceTrainer} / {@link BpeTrainer} learn the
 * vocabulary. The result saves as a {@code tokenizer.json} that the Hugging Face library loads.
 *
 * <pre>{@code
 * Tokenizer bert = TokenizerTrainer.wordPiece(
 *     Corpus.files(List.of(Path.of("corpus/")), null), BertOptions.uncased(),
 *     TrainerConfig.wordPiece(30_000), Progress.toStderr());
 * bert.save(Path.of("my-tokenizer"));  // tokenizer.json + vocab.txt
 * }</pre>
 */
public final class TokenizerTrainer {
  private TokenizerTrainer() {}

  /**
   * A BERT WordPiece tokenizer. {@code config}'s special tokens must include the five of {@code
   * bert} ({@code [PAD] [UNK] [CLS] [SEP] [MASK]}); any other is added as a special token too.
   */
  public static Tokenizer wordPiece(
      Corpus corpus, BertOptions bert, TrainerConfig config, Progress progress) throws IOException {
    List<String> required =
        List.of(
            bert.padToken(), bert.unkToken(), bert.clsToken(), bert.sepToken(), bert.maskToken());
    List<String> missing = new ArrayList<>(required);
    missing.removeAll(config.specialTokens());
    if (!missing.isEmpty()) {
      throw new BadInputException(
          "the special tokens "
              + config.specialTokens()
              + " lack "
              + missing
              + ", which a BERT WordPiece tokenizer needs; add them to --special-tokens");
    }
    Normalizer normalizer =
        new BertNormalizer(
            bert.cleanText(), bert.handleChineseChars(), bert.stripAccents(), bert.lowercase());
    PreTokenizer pre = new BertPreTokenizer();
    Map<String, Long> counts = corpus.countWords(splitter(normalizer, pre), progress);
    List<String> vocab = WordPieceTrainer.train(counts, config, progress);
    Tokenizer t = Tokenizer.bertWordPiece(toMap(vocab), bert);
    return withOtherSpecials(t, config.specialTokens());
  }

  /**
   * A GPT-2 style byte-level BPE tokenizer (no prefix space), with an optional {@code normalizer}
   * (for example {@code Lowercase}) applied before the byte-level pre-tokenizer.
   */
  public static Tokenizer byteLevelBpe(
      Corpus corpus, Normalizer normalizer, TrainerConfig config, Progress progress)
      throws IOException {
    PreTokenizer pre = new ByteLevel(false, true, true);
    Map<String, Long> counts = corpus.countWords(splitter(normalizer, pre), progress);
    TrainedBpe bpe = BpeTrainer.train(counts, config, progress);
    Tokenizer t = Tokenizer.byteLevelBpe(bpe.vocabMap(), bpe.mergePairs(), false);
    if (normalizer != null) {
      t =
          new Tokenizer(
              normalizer,
              t.preTokenizer(),
              t.model(),
              t.postProcessor(),
              t.decoder(),
              t.addedTokens(),
              null,
              null);
    }
    return withOtherSpecials(t, config.specialTokens());
  }

  /** What the trainers count: the words of the normalized, pre-tokenized text. */
  public static Function<String, List<String>> splitter(Normalizer n, PreTokenizer p) {
    return n == null ? p::preTokenizeStr : text -> p.preTokenizeStr(n.normalizeStr(text));
  }

  private static Map<String, Integer> toMap(List<String> vocab) {
    return new TrainedBpe(vocab, List.of()).vocabMap();
  }

  /** Special tokens the factory did not already register become added special tokens. */
  private static Tokenizer withOtherSpecials(Tokenizer t, List<String> specials) {
    List<AddedToken> more = new ArrayList<>();
    for (String s : specials) {
      boolean known = t.addedTokens().stream().anyMatch(a -> a.content().equals(s));
      if (!known) {
        more.add(AddedToken.special(t.tokenToId(s), s));
      }
    }
    return more.isEmpty() ? t : t.withAddedTokens(more);
  }
}
