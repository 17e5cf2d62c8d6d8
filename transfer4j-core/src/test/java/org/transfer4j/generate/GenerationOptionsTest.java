package org.transfer4j.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.io.SafeTensorsFile;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.gpt2.Gpt2LMHeadModel;
import org.transfer4j.testing.SharedData;

/**
 * Hugging Face's generation options (repetition penalty, n-gram blocking, several sequences per
 * prompt) on the golden GPT-2 folder, each against a reference computed here by brute force.
 */
class GenerationOptionsTest {
  private static NDManager manager;
  private static Gpt2LMHeadModel model;
  private static long[] prompt;

  @BeforeAll
  static void load() throws Exception {
    Path dir = SharedData.require("golden/gpt2-lm");
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    manager = NDManager.newBaseManager();
    model = HfModels.load(dir, Gpt2LMHeadModel.class, manager);
    model.train(false);
    try (SafeTensorsFile f = SafeTensorsFile.open(dir.resolve("expected.safetensors"))) {
      prompt = f.readLongs("greedy_prompt");
    }
  }

  @AfterAll
  static void close() {
    if (manager != null) {
      manager.close();
    }
  }

  @Test
  void repetitionPenaltyMatchesHandComputedLogits() {
    // Hugging Face: positive scores of seen tokens / penalty, negative ones * penalty, once each.
    float[] row = {2f, -2f, 1f, 0.5f, -1f};
    LogitsProcessors.repetitionPenalty(row, new long[] {9, 0, 1, 0, 4}, 1, 5, 2f);
    assertThat(row).containsExactly(1f, -4f, 1f, 0.5f, -2f);
    float[] off = {2f, -2f};
    LogitsProcessors.repetitionPenalty(off, new long[] {0, 1}, 0, 2, 1f);
    assertThat(off).containsExactly(2f, -2f);
  }

  @Test
  void noRepeatNgramBansTheTokensThatWouldRepeatAnNgram() {
    record Case(long[] seq, int n, int banned) {}
    List<Case> cases =
        List.of(
            new Case(new long[] {1, 2, 3, 1, 2}, 3, 3), // 1 2 -> 3 seen
            new Case(new long[] {1, 2, 3, 1, 2}, 2, 3), // 2 -> 3 seen
            new Case(new long[] {1, 2, 1}, 2, 2), // 1 -> 2 seen
            new Case(new long[] {4, 4}, 1, 4)); // unigrams: every seen token
    for (Case c : cases) {
      float[] row = new float[6];
      LogitsProcessors.noRepeatNgram(row, c.seq(), 0, c.seq().length, c.n());
      for (int t = 0; t < row.length; t++) {
        boolean banned = row[t] == Float.NEGATIVE_INFINITY;
        boolean expected = t == c.banned() || (c.n() == 1 && t == 4);
        assertThat(banned)
            .as("%s n=%d token %d", Arrays.toString(c.seq()), c.n(), t)
            .isEqualTo(expected);
      }
    }
    float[] row = new float[6];
    LogitsProcessors.noRepeatNgram(row, new long[] {1, 2, 3}, 0, 3, 3); // no earlier "2 3"
    assertThat(row).containsOnly(0f);
  }

  @Test
  void greedyWithRepetitionPenaltyAndNgramBlockingMatchesABruteForceLoop() {
    int steps = 12;
    float penalty = 1.8f;
    int ngram = 2;
    GenerationConfig c =
        GenerationConfig.greedy(steps).withRepetitionPenalty(penalty).withNoRepeatNgramSize(ngram);
    long[] got = new Generator(model).generate(new long[][] {prompt}, c)[0];
    // Reference: full forward of the whole sequence, the rules written out, arg max.
    long[] seq = Arrays.copyOf(prompt, prompt.length + steps);
    for (int len = prompt.length; len < seq.length; len++) {
      float[] logits;
      try (NDManager s = manager.newSubManager()) {
        NDArray all = model.logits(s.create(new long[][] {Arrays.copyOf(seq, len)}));
        logits = all.get("0, -1, :").toFloatArray();
      }
      Set<Long> seen = new HashSet<>();
      for (int i = 0; i < len; i++) {
        seen.add(seq[i]);
      }
      for (long t : seen) {
        int k = (int) t;
        logits[k] = logits[k] > 0 ? logits[k] / penalty : logits[k] * penalty;
      }
      for (int i = 0; i + 1 < len; i++) {
        if (seq[i] == seq[len - 1]) {
          logits[(int) seq[i + 1]] = Float.NEGATIVE_INFINITY;
        }
      }
      int best = 0;
      for (int k = 1; k < logits.length; k++) {
        best = logits[k] > logits[best] ? k : best;
      }
      seq[len] = best;
    }
    assertThat(got).isEqualTo(seq);
    assertThat(got)
        .isNotEqualTo(
            new Generator(model)
                .generate(new long[][] {prompt}, GenerationConfig.greedy(steps))[0]);
    // No bigram occurs twice.
    Set<String> bigrams = new HashSet<>();
    for (int i = 0; i + 1 < got.length; i++) {
      assertThat(bigrams.add(got[i] + " " + got[i + 1])).as("bigram at %d", i).isTrue();
    }
  }

  @Test
  void beamSearchReturnsTheBestBeamsInScoreOrder() {
    int steps = 8;
    GenerationConfig c = GenerationConfig.beamSearch(steps, 5, 1f).withNumReturnSequences(4);
    long[][] beams = new Generator(model).generate(new long[][] {prompt}, c);
    assertThat(beams).hasNumberOfRows(4);
    double[] scores = new double[beams.length];
    for (int i = 0; i < beams.length; i++) {
      scores[i] = logProb(beams[i]) / steps; // length penalty 1, no EOS: all have `steps` tokens
    }
    for (int i = 1; i < scores.length; i++) {
      assertThat(scores[i])
          .as("beam %d after %d", i, i - 1)
          .isLessThanOrEqualTo(scores[i - 1] + 1e-5);
    }
    assertThat(new HashSet<>(Arrays.stream(beams).map(Arrays::toString).toList())).hasSize(4);
    assertThat(beams[0])
        .isEqualTo(
            new Generator(model)
                .generate(new long[][] {prompt}, GenerationConfig.beamSearch(steps, 5, 1f))[0]);
  }

  @Test
  void samplingReturnsSeveralSeededSequences() {
    GenerationConfig c = GenerationConfig.sampling(10, 1.5f, 0, 1f, 11).withNumReturnSequences(3);
    long[][] a = new Generator(model).generate(new long[][] {prompt}, c);
    long[][] b = new Generator(model).generate(new long[][] {prompt}, c);
    assertThat(a).hasNumberOfRows(3).isDeepEqualTo(b);
    assertThat(new HashSet<>(Arrays.stream(a).map(Arrays::toString).toList())).hasSize(3);
    for (long[] row : a) {
      assertThat(Arrays.copyOf(row, prompt.length)).isEqualTo(prompt);
    }
    GenerationConfig other =
        GenerationConfig.sampling(10, 1.5f, 0, 1f, 12).withNumReturnSequences(3);
    assertThat(Arrays.deepEquals(new Generator(model).generate(new long[][] {prompt}, other), a))
        .isFalse();
  }

  @Test
  void greedyCannotReturnSeveralSequences() {
    assertThatThrownBy(() -> GenerationConfig.greedy(3).withNumReturnSequences(2))
        .hasMessageContaining("greedy decoding gives one sequence");
    assertThatThrownBy(() -> GenerationConfig.beamSearch(3, 2, 1f).withNumReturnSequences(3))
        .hasMessageContaining("must be <= num_beams");
  }

  @Test
  void callbackFinishesARowEarly() {
    List<Integer> lengths = new ArrayList<>();
    long[] row =
        new Generator(model)
            .generate(
                new long[][] {prompt},
                GenerationConfig.greedy(10),
                (r, tokens, promptEnd, length) -> {
                  lengths.add(length - promptEnd);
                  return length - promptEnd == 3;
                })[0];
    assertThat(lengths).containsExactly(1, 2, 3);
    assertThat(row).hasSize(prompt.length + 3);
  }

  /** Sum of log p of the generated tokens of {@code seq} under the model (full forward). */
  private static double logProb(long[] seq) {
    try (NDManager s = manager.newSubManager()) {
      NDArray logits = model.logits(s.create(new long[][] {seq})).get(0).logSoftmax(-1);
      float[] lp = logits.toFloatArray();
      int vocab = (int) logits.getShape().get(1);
      double sum = 0;
      for (int i = prompt.length; i < seq.length; i++) {
        sum += lp[(i - 1) * vocab + (int) seq[i]];
      }
      return sum;
    }
  }
}
