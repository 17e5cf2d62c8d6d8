package org.transfer4j.model.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.Labels;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.PretrainedModel;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.tokenize.BertOptions;
import org.transfer4j.tokenize.Tokenizer;

/** Contextual features of a tiny random BERT: alignment, the cache, and the tagger using both. */
class ContextualFeaturesTest {
  private static final List<String> WORDS =
      List.of("john", "lives", "in", "paris", "apple", "eats", "mary");
  @TempDir static Path dir;

  @BeforeAll
  static void encoder() throws Exception {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1).withSeed(5));
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (String s : List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "##s")) {
      vocab.put(s, vocab.size());
    }
    WORDS.forEach(w -> vocab.put(w, vocab.size()));
    Tokenizer.bertWordPiece(vocab, BertOptions.uncased()).save(dir);
    BertConfig config =
        BertConfig.of(2, 32).withMaxPositionEmbeddings(16).withVocabSize(vocab.size());
    try (NDManager m = NDManager.newBaseManager()) {
      PretrainedModel model = HfModels.create(config, "BertModel", m);
      HfModels.save(model, dir);
    }
  }

  @Test
  void firstAndMeanSubTokensAlignEveryHiddenStateToWords() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      ContextualEncoder first = ContextualEncoder.load(dir.toString(), "first", m);
      ContextualEncoder mean = ContextualEncoder.load(dir.toString(), "mean", m);
      assertThat(first.layers()).isEqualTo(3); // embeddings + 2 layers
      assertThat(first.dim()).isEqualTo(32);
      // "apples" = apple ##s: tokens [CLS] mary eats apple ##s [SEP]
      List<String> s = List.of("mary", "eats", "apples");
      float[] f = first.features(List.of(s))[0];
      float[] g = mean.features(List.of(s))[0];
      assertThat(f).hasSize(3 * 3 * 32);
      Map<String, ai.djl.ndarray.NDArray> h;
      Tokenizer tok = Tokenizer.load(dir);
      PretrainedModel bert = HfModels.load(dir, org.transfer4j.model.bert.BertModel.class, m);
      bert.train(false);
      long[] ids = {2, tok.tokenToId("mary"), tok.tokenToId("eats"), tok.tokenToId("apple"), 5, 3};
      h =
          bert.forwardNamed(
              ModelInput.of(m.create(ids, new Shape(1, 6))), new OutputOptions(true, false));
      for (int l = 0; l < 3; l++) {
        float[] layer = h.get("hidden_states." + l).toFloatArray(); // (1, 6, 32)
        for (int d = 0; d < 32; d++) {
          int word2 = (2 * 3 + l) * 32 + d;
          assertThat(f[word2]).isCloseTo(layer[3 * 32 + d], offset(1e-5f));
          assertThat(g[word2])
              .isCloseTo((layer[3 * 32 + d] + layer[4 * 32 + d]) / 2, offset(1e-5f));
          int word0 = l * 32 + d; // "mary": one sub-token, first = mean
          assertThat(f[word0]).isCloseTo(layer[32 + d], offset(1e-5f));
          assertThat(g[word0]).isCloseTo(layer[32 + d], offset(1e-5f));
        }
      }
    }
  }

  @Test
  void cachedFeaturesEqualUncachedAndTheTaggerGivesTheSameLogits(@TempDir Path tmp)
      throws Exception {
    List<List<String>> sentences =
        List.of(
            List.of("john", "lives", "in", "paris"),
            List.of("mary", "eats", "apples"),
            List.of("john", "lives", "in", "paris"), // a repeat is cached once
            List.of("paris"));
    try (NDManager m = NDManager.newBaseManager()) {
      ContextualEncoder enc = ContextualEncoder.load(dir.toString(), "first", m);
      Path file = tmp.resolve("features.f32");
      FeatureCache cache = FeatureCache.build(file, sentences, enc, 2, n -> {});
      assertThat(cache.size()).isEqualTo(3);
      assertThat(cache.get(List.of("not", "cached"))).isNull();
      try (var files = Files.list(tmp)) {
        assertThat(files.map(p -> p.getFileName().toString()).toList())
            .containsExactly("features.f32"); // no temporary file left behind
      }
      for (List<String> s : sentences) {
        float[] alone = enc.features(List.of(s))[0]; // unbatched, unpadded
        float[] cached = cache.get(s);
        assertThat(cached).hasSameSizeAs(alone);
        for (int i = 0; i < alone.length; i++) {
          assertThat(cached[i]).isCloseTo(alone[i], offset(1e-5f));
        }
      }
      // The tagger's logits are the same read from the cache or computed on the fly.
      List<String> chars = new ArrayList<>();
      for (char c = 'a'; c <= 'z'; c++) {
        chars.add(String.valueOf(c));
      }
      WordTaggerConfig config =
          WordTaggerConfig.defaults(
                  WORDS, chars, 8, Labels.of(List.of("O", "B-X", "I-X")), true, true, "iob2")
              .withFeatures(
                  true, new WordTaggerConfig.Contextual(dir.toString(), 3, 32, "scalar", "first"));
      WordTagger tagger = new WordTagger(config, m);
      tagger.train(false);
      long[] ids = ids(sentences.subList(0, 2), chars);
      int seq = ids.length / 2;
      float[] plain = logits(tagger, ids, seq, m);
      tagger.useCache(cache);
      float[] fromCache = logits(tagger, ids, seq, m);
      assertThat(fromCache).hasSameSizeAs(plain);
      for (int i = 0; i < plain.length; i++) {
        assertThat(fromCache[i]).isCloseTo(plain[i], offset(1e-5f));
      }
      assertThat(tagger.namedParameters())
          .containsKeys("scalar_mix.scalar_parameters", "scalar_mix.gamma");
      assertThat(tagger.namedParameters().keySet()).noneMatch(k -> k.startsWith("encoder"));
      // --layer-mix last: no mix parameters, the same logits shape
      WordTagger last =
          new WordTagger(
              config.withFeatures(
                  true, new WordTaggerConfig.Contextual(dir.toString(), 3, 32, "last", "first")),
              m);
      last.train(false);
      assertThat(last.namedParameters().keySet()).noneMatch(k -> k.startsWith("scalar_mix"));
      assertThat(logits(last, ids, seq, m)).hasSameSizeAs(plain);
    }
  }

  private static float[] logits(WordTagger t, long[] ids, int seq, NDManager m) {
    try (NDManager sub = m.newSubManager()) {
      return t.forwardNamed(
              ModelInput.of(sub.create(ids, new Shape(ids.length / seq, seq))), OutputOptions.NONE)
          .get("logits")
          .toFloatArray();
    }
  }

  /** Sentences in the character layout, padded to one length. */
  private static long[] ids(List<List<String>> sentences, List<String> chars) {
    List<List<Long>> rows = new ArrayList<>();
    int seq = 0;
    int c = chars.size();
    for (List<String> s : sentences) {
      List<Long> row = new ArrayList<>(List.of(2L));
      for (String w : s) {
        for (int i = 0; i < w.length(); i++) {
          int k = chars.indexOf(String.valueOf(w.charAt(i)));
          row.add((long) CharLayout.FIRST_CHAR + (i == 0 ? 0 : c) + k);
        }
      }
      row.add(3L);
      rows.add(row);
      seq = Math.max(seq, row.size());
    }
    long[] out = new long[rows.size() * seq];
    for (int r = 0; r < rows.size(); r++) {
      for (int t = 0; t < rows.get(r).size(); t++) {
        out[r * seq + t] = rows.get(r).get(t);
      }
    }
    return out;
  }
}
