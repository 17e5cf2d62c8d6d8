package org.transfer4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.transfer4j.BadInputException;
import org.transfer4j.data.LengthHistogram;
import org.transfer4j.tokenize.train.Progress;
import org.transfer4j.tokenize.train.TextFiles;
import org.transfer4j.tokenize.word.LengthStats;
import org.transfer4j.tokenize.word.OovStats;
import org.transfer4j.tokenize.word.Vocabulary;
import org.transfer4j.tokenize.word.WordTokenizer;

/**
 * {@code tokenizer stats --word}: the word-level pipeline of a word-vector model measured on a
 * corpus: a vocabulary by frequency, its unknown rate on the same texts, and the length
 * distribution with the maximum length the notebook picks (the 95th percentile).
 */
final class WordStats {
  private WordStats() {}

  static void print(
      PrintWriter out,
      List<Path> files,
      String column,
      WordTokenizer words,
      String name,
      boolean lowercase,
      int minFrequency,
      int maxSize)
      throws IOException {
    List<String> texts = new ArrayList<>();
    TextFiles.forEach(
        files, column, t -> texts.add(lowercase ? t.toLowerCase(Locale.ROOT) : t), Progress.none());
    if (texts.isEmpty()) {
      throw new BadInputException("no texts in " + files + "; nothing to measure");
    }
    Vocabulary vocab = Vocabulary.build(texts, words, minFrequency, maxSize);
    OovStats oov = OovStats.measure(vocab, texts, words);
    int[] lengths = new int[texts.size()];
    LengthHistogram h = new LengthHistogram();
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = words.tokenize(texts.get(i)).size();
      h.add(lengths[i]);
    }
    LengthStats s = LengthStats.of(lengths);
    out.printf(Locale.ROOT, "words:           %s%s%n", name, lowercase ? ", lowercased" : "");
    out.printf(Locale.ROOT, "texts:           %d%n", s.texts());
    out.printf(Locale.ROOT, "tokens:          %d%n", s.tokens());
    out.printf(
        Locale.ROOT,
        "vocabulary:      %d (min frequency %d, max size %d, <pad> and <unk> included)%n",
        vocab.size(),
        minFrequency,
        maxSize);
    out.printf(
        Locale.ROOT,
        "unknown:         %d (%.3f%% of tokens are <unk> under this vocabulary)%n",
        oov.unknown(),
        100 * oov.rate());
    out.println("length:          " + s.lengthLine());
    out.printf(
        Locale.ROOT,
        "max length:      %d (the 95th percentile: longer texts, %.1f%%, are cut)%n",
        s.p95(),
        100.0 * java.util.Arrays.stream(lengths).filter(l -> l > s.p95()).count() / lengths.length);
    out.println(h.render(12, 40));
  }
}
