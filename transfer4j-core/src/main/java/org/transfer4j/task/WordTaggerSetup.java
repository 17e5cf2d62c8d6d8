package org.transfer4j.task;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.transfer4j.BadInputException;
import org.transfer4j.data.ConllReader;
import org.transfer4j.data.TaggedSentence;
import org.transfer4j.eval.TagScheme;
import org.transfer4j.model.Labels;
import org.transfer4j.model.tagger.CharLayout;
import org.transfer4j.model.tagger.ContextualEncoder;
import org.transfer4j.model.tagger.FeatureCache;
import org.transfer4j.model.tagger.WordTagger;
import org.transfer4j.model.tagger.WordTaggerConfig;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.tokenize.model.WordPiece;
import org.transfer4j.tokenize.pretokenizer.WhitespaceSplit;
import org.transfer4j.vectors.WordVectors;

/**
 * What a BiLSTM tagger on word vectors needs before training: the character tokenizer ({@link
 * CharLayout}: the training words' characters and printable ASCII, saved as a Hugging Face
 * WordPiece {@code tokenizer.json} so {@code evaluate} and {@code predict} reload it like any
 * other), the word vocabulary (every training word and every word of the vectors file, as Lample et
 * al., 2016 do with pretrained embeddings) and the embedding matrix (a word's vector, else its
 * lowercased form's, else drawn from a normal with the vectors' mean and standard deviation).
 */
final class WordTaggerSetup {
  /** No truncation: every word of a sentence is tagged, however long. */
  static final int MAX_LENGTH = 1 << 20;

  final Tokenizer tokenizer;
  final String summary;
  private final TaggerOptions o;
  private final List<String> words;
  private final List<String> chars;
  private final float[] matrix;
  private final int dim;
  private Path cacheFile;

  private WordTaggerSetup(
      Tokenizer tokenizer,
      String summary,
      TaggerOptions o,
      List<String> words,
      List<String> chars,
      float[] matrix,
      int dim) {
    this.tokenizer = tokenizer;
    this.summary = summary;
    this.o = o;
    this.words = words;
    this.chars = chars;
    this.matrix = matrix;
    this.dim = dim;
  }

  static WordTaggerSetup prepare(FinetuneConfig c) throws IOException {
    TaggerOptions o = c.tagger();
    List<TaggedSentence> train = ConllReader.read(c.train(), c.tagColumn());
    Set<String> trainWords = new LinkedHashSet<>();
    Set<String> charSet = new TreeSet<>();
    for (int cp = 33; cp < 127; cp++) {
      charSet.add(Character.toString(cp));
    }
    for (TaggedSentence s : train) {
      for (String w : s.words()) {
        trainWords.add(w);
        w.codePoints().forEach(cp -> charSet.add(Character.toString(cp)));
      }
    }
    WordVectors v = WordVectors.read(o.vectors(), o.vectorsOptions());
    Set<String> vocab = new LinkedHashSet<>(trainWords);
    for (int r = 1; r <= v.size(); r++) {
      vocab.add(v.word(r));
    }
    List<String> words = new ArrayList<>(vocab);
    List<String> chars = new ArrayList<>(charSet);
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (String t : CharLayout.tokenizerVocab(chars)) {
      ids.putIfAbsent(t, ids.size());
    }
    Tokenizer tokenizer =
        new Tokenizer(
            null,
            new WhitespaceSplit(),
            new WordPiece(ids, "[UNK]", "##", 100),
            null,
            null,
            List.of(),
            null,
            null);
    int dim = v.dim();
    int rows = words.size() + 2;
    float[] matrix = new float[rows * dim];
    double[] meanStd = WordModelSetup.meanStd(v);
    Random random = new Random(c.trainer().seed());
    int known = 0;
    int trainKnown = 0;
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      int src = v.indexOf(w);
      if (src <= 0) {
        src = v.indexOf(w.toLowerCase(Locale.ROOT));
      }
      int row = i + 2;
      if (src > 0) {
        v.copyRow(src, matrix, row * dim);
        known++;
        trainKnown += trainWords.contains(w) ? 1 : 0;
      } else {
        for (int d = 0; d < dim; d++) {
          matrix[row * dim + d] = (float) (meanStd[0] + meanStd[1] * random.nextGaussian());
        }
      }
    }
    for (int d = 0; d < dim; d++) { // [UNK]
      matrix[dim + d] = (float) (meanStd[0] + meanStd[1] * random.nextGaussian());
    }
    String summary =
        String.format(
            Locale.ROOT,
            "%s%s%s%s on %s (%d vectors, dim %d): %d words (%d from training, %d (%.1f%%) of them with"
                + " a vector), %d characters",
            o.arch(),
            o.charCnn() ? " + char CNN" : "",
            o.casing() ? " + casing" : "",
            o.contextual() == null
                ? ""
                : " + " + o.contextual() + " (" + o.layerMix() + " layers, " + o.subtoken() + ")",
            o.vectors().getFileName(),
            v.size(),
            dim,
            words.size(),
            trainWords.size(),
            trainKnown,
            trainWords.isEmpty() ? 0.0 : 100.0 * trainKnown / trainWords.size(),
            chars.size());
    return new WordTaggerSetup(tokenizer, summary, o, words, chars, matrix, dim);
  }

  /** The model's config for these tags, the CRF constrained by {@code scheme} unless disabled. */
  WordTaggerConfig config(Labels labels, TagScheme scheme) {
    if (o.crf() && o.constrain() && scheme != TagScheme.IO) {
      for (String t : labels.names()) {
        try {
          scheme.parseTag(t);
        } catch (IllegalArgumentException e) {
          throw new BadInputException(e.getMessage());
        }
      }
    }
    String constraint = o.crf() && o.constrain() ? scheme.name().toLowerCase(Locale.ROOT) : "none";
    WordTaggerConfig d =
        WordTaggerConfig.defaults(words, chars, dim, labels, o.charCnn(), o.crf(), constraint);
    d = d.withSizes(o.hidden(), o.layers(), o.dropout(), o.freezeVectors());
    WordTaggerConfig.Contextual ctx = null;
    if (o.contextual() != null) {
      try (NDManager tmp = NDManager.newBaseManager()) {
        ContextualEncoder enc = ContextualEncoder.load(o.contextual(), o.subtoken(), tmp);
        ctx =
            new WordTaggerConfig.Contextual(
                o.contextual(), enc.layers(), enc.dim(), o.layerMix(), o.subtoken());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    d = d.withFeatures(o.casing(), ctx);
    return d;
  }

  /**
   * A fresh tagger with the vectors in its embedding; with contextual features, the encoder's
   * features of every training and validation sentence are computed once into a memory-mapped cache
   * beside the output ({@code contextual-cache.f32}, deleted by {@link #close}).
   */
  WordTagger create(WordTaggerConfig config, NDManager manager, FinetuneConfig c)
      throws IOException {
    WordTagger m = new WordTagger(config, manager);
    try (NDManager tmp = manager.newSubManager()) {
      m.embeddings().weight().copyFrom(tmp.create(matrix, new Shape(words.size() + 2, dim)));
    }
    if (m.contextual() != null) {
      List<List<String>> all = new ArrayList<>();
      for (Path p : List.of(c.train(), c.validation())) {
        ConllReader.read(p, c.tagColumn()).forEach(s -> all.add(s.words()));
      }
      cacheFile = c.output().resolve("contextual-cache.f32");
      long start = System.nanoTime();
      int[] shown = {0};
      FeatureCache cache =
          FeatureCache.build(
              cacheFile,
              all,
              m.contextual(),
              32,
              n -> { // a line every 2,000 sentences: the first epoch waits for this
                if (n / 2000 > shown[0]) {
                  shown[0] = n / 2000;
                  c.log().printf("contextual features: %d sentences%n", n);
                }
              });
      c.log()
          .printf(
              Locale.ROOT,
              "contextual features of %d sentences (%d distinct) from %s cached in %.0f s%n",
              all.size(),
              cache.size(),
              config.contextual().model(),
              (System.nanoTime() - start) / 1e9);
      m.useCache(cache);
    }
    return m;
  }

  /** Deletes the feature cache, if any. */
  void close() throws IOException {
    if (cacheFile != null) {
      java.nio.file.Files.deleteIfExists(cacheFile);
    }
  }
}
