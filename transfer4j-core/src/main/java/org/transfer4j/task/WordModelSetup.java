package org.transfer4j.task;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.transfer4j.data.ClassificationReader;
import org.transfer4j.data.TextExample;
import org.transfer4j.model.Labels;
import org.transfer4j.model.classic.WordClassifier;
import org.transfer4j.model.classic.WordClassifierArchitectures;
import org.transfer4j.model.classic.WordClassifierConfig;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.tokenize.model.WordLevel;
import org.transfer4j.tokenize.normalizer.Lowercase;
import org.transfer4j.tokenize.pretokenizer.Whitespace;
import org.transfer4j.tokenize.pretokenizer.WhitespaceSplit;
import org.transfer4j.tokenize.word.LengthStats;
import org.transfer4j.tokenize.word.Vocabulary;
import org.transfer4j.tokenize.word.WordTokenizer;
import org.transfer4j.vectors.WordVectors;

/**
 * The word pipeline of a word-vector classifier, as the notebook builds it: the training texts'
 * word vocabulary (minimum frequency), saved as a Hugging Face {@code WordLevel} tokenizer so that
 * {@code evaluate} and {@code predict} reload it like any tokenizer; the maximum length (given, or
 * the 95th percentile of training lengths); and the embedding matrix from the vectors (words
 * without a vector drawn from a normal with the vectors' mean and standard deviation, or zero).
 * Ids: {@code [PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4}, then words by frequency; the specials keep
 * the shared fine-tuning data layer working unchanged.
 */
final class WordModelSetup {
  static final List<String> SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

  final Tokenizer tokenizer;
  final int maxLength;
  final String summary;
  private final WordModelOptions o;
  private final float[] matrix;
  private final int rows;
  private final int dim;

  private WordModelSetup(
      Tokenizer tokenizer,
      int maxLength,
      String summary,
      WordModelOptions o,
      float[] matrix,
      int rows,
      int dim) {
    this.tokenizer = tokenizer;
    this.maxLength = maxLength;
    this.summary = summary;
    this.o = o;
    this.matrix = matrix;
    this.rows = rows;
    this.dim = dim;
  }

  static WordModelSetup prepare(FinetuneConfig c) throws IOException {
    WordModelOptions o = c.wordModel();
    boolean lower = o.vectorsOptions().lowercase();
    WordTokenizer words =
        o.wordTokenizer().equals("whitespace")
            ? WordTokenizer.whitespace()
            : WordTokenizer.wordPunct();
    List<String> texts = new ArrayList<>();
    for (TextExample e : ClassificationReader.read(c.train(), c.columns())) {
      String t = e.pair() == null ? e.text() : e.text() + " " + e.pair();
      texts.add(lower ? t.toLowerCase(Locale.ROOT) : t);
    }
    Vocabulary vocab =
        Vocabulary.build(Vocabulary.count(texts, words), o.minFrequency(), Integer.MAX_VALUE);
    Map<String, Integer> ids = new LinkedHashMap<>();
    SPECIALS.forEach(s -> ids.put(s, ids.size()));
    for (String w : vocab.tokens().subList(2, vocab.size())) {
      ids.putIfAbsent(w, ids.size());
    }
    Tokenizer tokenizer =
        new Tokenizer(
            lower ? new Lowercase() : null,
            o.wordTokenizer().equals("whitespace") ? new WhitespaceSplit() : new Whitespace(),
            new WordLevel(ids, "[UNK]"),
            null,
            null,
            List.of(),
            null,
            null);
    int[] lengths = texts.stream().mapToInt(t -> words.tokenize(t).size()).toArray();
    LengthStats stats = LengthStats.of(lengths);
    int maxLength = o.autoLength() ? Math.max(4, stats.p95() + 2) : c.maxLength();

    WordVectors v = WordVectors.read(o.vectors(), o.vectorsOptions());
    int dim = v.dim();
    int rows = ids.size();
    float[] matrix = new float[rows * dim];
    double[] meanStd = meanStd(v);
    Random random = new Random(c.trainer().seed());
    int known = 0;
    for (Map.Entry<String, Integer> e : ids.entrySet()) {
      int row = e.getValue();
      if (row == 0) {
        continue; // padding stays zero
      }
      int src = row < SPECIALS.size() ? -1 : v.indexOf(e.getKey());
      if (src > 0) {
        v.copyRow(src, matrix, row * dim);
        known++;
      } else if (!o.zeroUnknown()) {
        for (int d = 0; d < dim; d++) {
          matrix[row * dim + d] = (float) (meanStd[0] + meanStd[1] * random.nextGaussian());
        }
      }
    }
    int vocabWords = rows - SPECIALS.size();
    String summary =
        String.format(
            Locale.ROOT,
            "%s on %s (%d vectors, dim %d): %d training words (min frequency %d), %d (%.1f%%) with a"
                + " vector, the rest %s; max length %d (%s; training lengths p50 %d, p95 %d, max"
                + " %d)",
            o.arch(),
            o.vectors().getFileName(),
            v.size(),
            dim,
            vocabWords,
            o.minFrequency(),
            known,
            vocabWords == 0 ? 0.0 : 100.0 * known / vocabWords,
            o.zeroUnknown() ? "zero" : "random",
            maxLength,
            o.autoLength() ? "the 95th percentile + [CLS] [SEP]" : "--max-length",
            stats.p50(),
            stats.p95(),
            stats.max());
    return new WordModelSetup(tokenizer, maxLength, summary, o, matrix, rows, dim);
  }

  /** The model's config for these labels, with the options' sizes over the defaults. */
  WordClassifierConfig config(Labels labels) {
    WordClassifierConfig d = WordClassifierConfig.defaults(o.arch(), rows, dim, labels);
    d =
        d.withHidden(
            o.hidden() > 0 ? o.hidden() : d.hiddenSize(),
            o.layers() > 0 ? o.layers() : d.numHiddenLayers(),
            o.dropout() >= 0 ? o.dropout() : d.hiddenDropoutProb());
    return d.withKernels(
            o.kernelSizes() != null ? o.kernelSizes() : d.kernelSizes(), o.freezeVectors())
        .withDanPooling(o.danPooling());
  }

  /** A fresh model with the vectors in its embedding. */
  WordClassifier create(WordClassifierConfig config, NDManager manager) {
    WordClassifier m = WordClassifierArchitectures.create(config, manager);
    try (NDManager tmp = manager.newSubManager()) {
      m.embeddings()
          .weight()
          .copyFrom(tmp.create(matrix, new ai.djl.ndarray.types.Shape(rows, dim)));
    }
    return m;
  }

  static double[] meanStd(WordVectors v) {
    double sum = 0;
    double sq = 0;
    long n = 0;
    float[] row = new float[v.dim()];
    for (int r = 1; r <= v.size(); r++) {
      v.copyRow(r, row, 0);
      for (float x : row) {
        sum += x;
        sq += (double) x * x;
        n++;
      }
    }
    double mean = n == 0 ? 0 : sum / n;
    double var = n == 0 ? 0 : Math.max(0, sq / n - mean * mean);
    return new double[] {mean, Math.sqrt(var)};
  }
}
