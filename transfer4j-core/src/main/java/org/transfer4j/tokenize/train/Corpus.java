package org.transfer4j.tokenize.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The texts a tokenizer is trained on: files and folders streamed line by line (or a CSV column),
 * or texts already in memory. It only yields word counts, so the corpus is never held in memory.
 *
 * <pre>{@code
 * Corpus c = Corpus.files(List.of(Path.of("train.csv")), "text");
 * Tokenizer t = TokenizerTrainer.wordPiece(c, BertOptions.uncased(), TrainerConfig.wordPiece(30_000),
 *     Progress.toStderr());
 * }</pre>
 */
@FunctionalInterface
public interface Corpus {
  /** Counts the words that {@code splitter} makes of every text. */
  Map<String, Long> countWords(Function<String, List<String>> splitter, Progress progress)
      throws IOException;

  /**
   * Text files (one text per line) and folders of them; with {@code csvColumn}, CSV files with a
   * header and the texts in that column.
   */
  static Corpus files(List<Path> inputs, String csvColumn) {
    List<Path> copy = List.copyOf(inputs);
    return (splitter, progress) -> WordCounter.countFiles(copy, csvColumn, splitter, progress);
  }

  /** Texts in memory. */
  static Corpus texts(Iterable<String> texts) {
    return (splitter, progress) -> WordCounter.count(texts, splitter);
  }
}
