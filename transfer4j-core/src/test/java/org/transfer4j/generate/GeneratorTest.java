package org.transfer4j.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.gpt2.Gpt2Config;
import org.transfer4j.model.gpt2.Gpt2LMHeadModel;

/** Generation on the tiny random GPT-2, checked against brute force and the uncached path. */
class GeneratorTest {
  static NDManager manager;
  static Gpt2LMHeadModel model;
  static Generator generator;
  static final long[][] PROMPTS = {{5, 17, 42}, {99, 3, 3}};

  @BeforeAll
  static void setUp() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    Bootstrap.seed(5);
    manager = NDManager.newBaseManager();
    // A larger init spread makes the distributions peaked enough for decoding to be interesting.
    model = new Gpt2LMHeadModel(manager, Gpt2Config.tiny().withInitializerRange(0.5f));
    generator = new Generator(model);
  }

  @AfterAll
  static void tearDown() {
    manager.close();
  }

  /** Greedy by hand: the arg max of the full-sequence logits, one token at a time. */
  static long[] bruteForceGreedy(long[] prompt, int n) {
    long[] seq = prompt.clone();
    for (int i = 0; i < n; i++) {
      try (NDManager s = manager.newSubManager()) {
        NDArray logits = model.logits(s.create(new long[][] {seq})); // (1, t, V)
        long next = logits.get(":, -1, :").argMax(-1).getLong(0);
        seq = Arrays.copyOf(seq, seq.length + 1);
        seq[seq.length - 1] = next;
      }
    }
    return seq;
  }

  @Test
  void greedyWithAndWithoutCacheMatchesBruteForce() {
    GenerationConfig cached = GenerationConfig.greedy(10);
    long[][] a = generator.generate(PROMPTS, cached);
    long[][] b = generator.generate(PROMPTS, cached.withUseCache(false));
    assertThat(a).isEqualTo(b);
    assertThat(a[0]).isEqualTo(bruteForceGreedy(PROMPTS[0], 10));
    assertThat(a[1]).isEqualTo(bruteForceGreedy(PROMPTS[1], 10));
  }

  @Test
  void samplingIsSeededAndCacheIndependent() {
    GenerationConfig c = GenerationConfig.sampling(12, 1.3f, 20, 0.9f, 99);
    long[][] a = generator.generate(PROMPTS, c);
    long[][] b = generator.generate(PROMPTS, c);
    long[][] noCache = generator.generate(PROMPTS, c.withUseCache(false));
    assertThat(a).isEqualTo(b).isEqualTo(noCache);
    long[][] other = generator.generate(PROMPTS, GenerationConfig.sampling(12, 1.3f, 20, 0.9f, 1));
    assertThat(other).isNotEqualTo(a);
    // top-k 1 is greedy
    assertThat(generator.generate(PROMPTS, GenerationConfig.sampling(8, 1f, 1, 1f, 4)))
        .isEqualTo(generator.generate(PROMPTS, GenerationConfig.greedy(8)));
  }

  @Test
  void stopsAtEosAndPadsFinishedRows() {
    long[][] greedy = generator.generate(PROMPTS, GenerationConfig.greedy(10));
    long eos = greedy[0][4]; // the second generated token of row 0 becomes "EOS"
    long[][] out =
        generator.generate(PROMPTS, GenerationConfig.greedy(10).withEosTokenId((int) eos));
    assertThat(out[0][4]).isEqualTo(eos);
    for (long[] row : out) {
      int first = -1;
      for (int i = 3; i < row.length; i++) {
        if (row[i] == eos && first < 0) {
          first = i;
        }
        if (first >= 0) {
          assertThat(row[i]).isEqualTo(eos);
        }
      }
    }
  }

  @Test
  void beamSearchWithAllTokensAsBeamsFindsTheBestTwoTokenContinuation() {
    long[] prompt = {7, 8, 9};
    int vocab = 101;
    // Exhaustive with as many beams as tokens. Brute force: log p(a) + log p(b | a) over all 101 x
    // 101 continuations in one batch.
    double best = Double.NEGATIVE_INFINITY;
    long[] bestSeq = null;
    try (NDManager s = manager.newSubManager()) {
      long[][] all = new long[vocab][];
      for (int a = 0; a < vocab; a++) {
        all[a] = new long[] {7, 8, 9, a};
      }
      NDArray lp = model.logits(s.create(all)).logSoftmax(-1); // (V, 4, V)
      float[] first = lp.get("0, 2, :").toFloatArray();
      float[] second = lp.get(":, 3, :").toFloatArray(); // (V, V)
      for (int a = 0; a < vocab; a++) {
        for (int b = 0; b < vocab; b++) {
          double score = first[a] + second[a * vocab + b];
          if (score > best) {
            best = score;
            bestSeq = new long[] {7, 8, 9, a, b};
          }
        }
      }
    }
    GenerationConfig beams = GenerationConfig.beamSearch(2, vocab, 1f);
    long[][] out = generator.generate(new long[][] {prompt}, beams);
    assertThat(out[0]).isEqualTo(bestSeq);
    assertThat(generator.generate(new long[][] {prompt}, beams.withUseCache(false))).isEqualTo(out);
    // One beam is greedy.
    assertThat(generator.generate(PROMPTS, GenerationConfig.beamSearch(6, 1, 1f)))
        .isEqualTo(generator.generate(PROMPTS, GenerationConfig.greedy(6)));
  }

  @Test
  void badPromptsAreRejectedWithTheReason() {
    assertThatThrownBy(
            () -> generator.generate(new long[][] {{1, 2}, {3}}, GenerationConfig.greedy(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same length");
    assertThatThrownBy(
            () -> generator.generate(new long[][] {{1, 101}}, GenerationConfig.greedy(1)))
        .hasMessageContaining("token id 101");
    assertThatThrownBy(() -> generator.generate(new long[][] {{1, 2}}, GenerationConfig.greedy(31)))
        .hasMessageContaining("32 positions");
  }
}
