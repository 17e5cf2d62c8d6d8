package org.transfer4j.nn.crf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.eval.TagScheme;

/** The CRF against brute-force enumeration of every tag sequence on small random cases. */
class LinearChainCrfTest {
  private static final int TAGS = 3;
  private static final int LEN = 4;
  private static final int[] LENGTHS = {4, 1, 3, 2};

  @BeforeAll
  static void engine() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
  }

  /** A case: random emissions and CRF scores, with or without an IOB2 constraint table. */
  private record Case(float[] emissions, float[] start, float[] end, float[] trans, int[] gold) {}

  private static Case randomCase(long seed, LinearChainCrf crf, NDManager m) {
    Random r = new Random(seed);
    int batch = LENGTHS.length;
    float[] e = new float[batch * LEN * TAGS];
    for (int i = 0; i < e.length; i++) {
      e[i] = (float) (2 * r.nextGaussian());
    }
    float[][] p = new float[3][];
    int[] sizes = {TAGS, TAGS, TAGS * TAGS};
    for (int k = 0; k < 3; k++) {
      p[k] = new float[sizes[k]];
      for (int i = 0; i < sizes[k]; i++) {
        p[k][i] = (float) r.nextGaussian();
      }
    }
    crf.namedParameters().get("start_transitions").copyFrom(m.create(p[0]));
    crf.namedParameters().get("end_transitions").copyFrom(m.create(p[1]));
    crf.namedParameters().get("transitions").copyFrom(m.create(p[2], new Shape(TAGS, TAGS)));
    int[] gold = new int[batch * LEN];
    for (int i = 0; i < gold.length; i++) {
      gold[i] = r.nextInt(TAGS);
    }
    return new Case(e, p[0], p[1], p[2], gold);
  }

  /**
   * The score of one sequence computed directly, constraints as {@link LinearChainCrf} adds them.
   */
  private static double pathScore(Case c, TransitionConstraints k, int b, int[] y) {
    double s = c.start[y[0]] + (k.start()[y[0]] ? 0 : LinearChainCrf.FORBIDDEN);
    for (int t = 0; t < y.length; t++) {
      s += c.emissions[(b * LEN + t) * TAGS + y[t]];
      if (t > 0) {
        s += c.trans[y[t - 1] * TAGS + y[t]];
        s += k.transition(y[t - 1], y[t]) ? 0 : LinearChainCrf.FORBIDDEN;
      }
    }
    int last = y[y.length - 1];
    return s + c.end[last] + (k.end()[last] ? 0 : LinearChainCrf.FORBIDDEN);
  }

  /** Every sequence of length n over TAGS tags. */
  private static int[][] allPaths(int n) {
    int count = (int) Math.pow(TAGS, n);
    int[][] out = new int[count][n];
    for (int code = 0; code < count; code++) {
      int c = code;
      for (int t = 0; t < n; t++) {
        out[code][t] = c % TAGS;
        c /= TAGS;
      }
    }
    return out;
  }

  private static TransitionConstraints constraints(boolean constrained) {
    // B-X, I-X, O: IOB2 forbids starting with I-X and O -> I-X.
    return constrained
        ? TransitionConstraints.of(List.of("B-X", "I-X", "O"), TagScheme.IOB2)
        : TransitionConstraints.none(TAGS);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void logPartitionScoreAndBestPathMatchBruteForce(boolean constrained) {
    TransitionConstraints k = constraints(constrained);
    for (long seed = 0; seed < 5; seed++) {
      try (NDManager m = NDManager.newBaseManager()) {
        LinearChainCrf crf = new LinearChainCrf(m, TAGS, k);
        Case c = randomCase(seed, crf, m);
        int batch = LENGTHS.length;
        NDArray e = m.create(c.emissions, new Shape(batch, LEN, TAGS));
        float[] logZ = crf.logPartition(e, LENGTHS).toFloatArray();
        float[] gold = crf.score(e, c.gold, LENGTHS).toFloatArray();
        float[] nll = crf.negativeLogLikelihood(e, c.gold, LENGTHS).toFloatArray();
        int[][] best = crf.decode(c.emissions, batch, LEN, LENGTHS);
        for (int b = 0; b < batch; b++) {
          double max = Double.NEGATIVE_INFINITY;
          int[] arg = null;
          double sumExp = 0;
          double[] scores = new double[(int) Math.pow(TAGS, LENGTHS[b])];
          int[][] paths = allPaths(LENGTHS[b]);
          for (int p = 0; p < paths.length; p++) {
            scores[p] = pathScore(c, k, b, paths[p]);
            if (scores[p] > max) {
              max = scores[p];
              arg = paths[p];
            }
          }
          for (double s : scores) {
            sumExp += Math.exp(s - max);
          }
          double z = max + Math.log(sumExp);
          int[] g = java.util.Arrays.copyOfRange(c.gold, b * LEN, b * LEN + LENGTHS[b]);
          double goldScore = pathScore(c, k, b, g);
          String where = "seed " + seed + " row " + b;
          assertThat((double) logZ[b])
              .as(where)
              .isCloseTo(z, offset(1e-3 * Math.max(1, Math.abs(z))));
          assertThat((double) gold[b]).as(where).isCloseTo(goldScore, offset(1e-2));
          assertThat((double) nll[b]).as(where).isCloseTo(z - goldScore, offset(1e-2));
          assertThat(best[b]).as(where).containsExactly(arg);
        }
      }
    }
  }

  @Test
  void constraintsRoundTripThroughTheSavedTables() {
    try (NDManager m = NDManager.newBaseManager()) {
      LinearChainCrf crf = new LinearChainCrf(m, TAGS, TransitionConstraints.none(TAGS));
      TransitionConstraints k = constraints(true);
      crf.constrain(k);
      assertThat(crf.constraints().start()).containsExactly(k.start());
      assertThat(crf.constraints().end()).containsExactly(k.end());
      assertThat(crf.constraints().transitions()).isDeepEqualTo(k.transitions());
    }
  }

  @Test
  void constrainedBestPathNeverBreaksTheScheme() {
    TransitionConstraints k = constraints(true);
    try (NDManager m = NDManager.newBaseManager()) {
      LinearChainCrf crf = new LinearChainCrf(m, TAGS, k);
      Random r = new Random(7);
      for (int trial = 0; trial < 50; trial++) {
        float[] e = new float[LEN * TAGS];
        for (int i = 0; i < e.length; i++) {
          e[i] = (float) (5 * r.nextGaussian()); // strong emissions that often favour I-X
        }
        int[] path = crf.decode(e, 1, LEN, new int[] {LEN})[0];
        assertThat(k.start()[path[0]]).isTrue();
        for (int t = 1; t < LEN; t++) {
          assertThat(k.transition(path[t - 1], path[t])).as("trial %d", trial).isTrue();
        }
      }
    }
  }

  @Test
  void gradientsAreFiniteAndReachEveryScore() {
    try (NDManager m = NDManager.newBaseManager()) {
      LinearChainCrf crf = new LinearChainCrf(m, TAGS, constraints(true));
      Case c = randomCase(3, crf, m);
      NDArray e = m.create(c.emissions, new Shape(LENGTHS.length, LEN, TAGS));
      e.setRequiresGradient(true);
      try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        // Gold paths drawn at random break IOB2 often: the loss stays finite all the same.
        NDArray loss = crf.negativeLogLikelihood(e, c.gold, LENGTHS).sum();
        assertThat(Float.isFinite(loss.getFloat())).isTrue();
        gc.backward(loss);
      }
      float[] ge = e.getGradient().toFloatArray();
      for (float g : ge) {
        assertThat(Float.isFinite(g)).isTrue();
      }
      // Emissions past a row's end get no gradient: row 1 has length 1.
      for (int i = (LEN + 1) * TAGS; i < 2 * LEN * TAGS; i++) {
        assertThat(ge[i]).isZero();
      }
      for (String name : List.of("start_transitions", "end_transitions", "transitions")) {
        float[] g = crf.namedParameters().get(name).value().getGradient().toFloatArray();
        float sum = 0;
        for (float v : g) {
          assertThat(Float.isFinite(v)).as(name).isTrue();
          sum += Math.abs(v);
        }
        assertThat(sum).as(name).isGreaterThan(0f);
      }
      // The constraint tables are read as plain arrays: no gradient, so no optimizer update.
      for (String name : List.of("allowed_start", "allowed_end", "allowed_transitions")) {
        assertThat(crf.namedParameters().get(name).value().getGradient().abs().sum().getFloat())
            .as(name)
            .isZero();
      }
    }
  }

  /**
   * A task only transitions can solve: the observation says "outside" or "in a chunk", never
   * whether a chunk word is its first (B) or a later one (I). Any per-token classifier is capped by
   * the B/I mix; a CRF learning its transitions from scratch (no constraints) tags it perfectly.
   */
  @Test
  void learnsTransitionsThatNoPerTokenClassifierCanUse() {
    int n = 32;
    int len = 8;
    Random r = new Random(11);
    int[] gold = new int[n * len]; // 0 = O, 1 = B, 2 = I
    float[] obs = new float[n * len * 2]; // one-hot observation: outside / in a chunk
    int[] lengths = new int[n];
    int[] counts = new int[3];
    for (int b = 0; b < n; b++) {
      lengths[b] = len;
      int prev = 0;
      for (int t = 0; t < len; t++) {
        int y = prev == 0 ? (r.nextBoolean() ? 1 : 0) : (r.nextBoolean() ? 2 : 0);
        gold[b * len + t] = y;
        obs[(b * len + t) * 2 + (y == 0 ? 0 : 1)] = 1f;
        counts[y]++;
        prev = y;
      }
    }
    // The best any per-token classifier can do: all O right, and the larger of B and I.
    double perToken = (counts[0] + Math.max(counts[1], counts[2])) / (double) (n * len);
    assertThat(perToken).isLessThan(0.85); // 0.80 with this seed
    try (NDManager m = NDManager.newBaseManager()) {
      LinearChainCrf crf = new LinearChainCrf(m, TAGS, TransitionConstraints.none(TAGS));
      NDArray table = m.zeros(new Shape(2, TAGS)); // emission score per (observation, tag)
      table.setRequiresGradient(true);
      NDArray x = m.create(obs, new Shape(n, len, 2));
      List<NDArray> params = new java.util.ArrayList<>(List.of(table));
      crf.namedParameters().values().forEach(p -> params.add(p.value()));
      for (int step = 0; step < 150; step++) {
        try (NDManager sub = m.newSubManager()) {
          try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            NDArray emissions = x.matMul(table); // (n, len, tags)
            NDArray loss = crf.negativeLogLikelihood(emissions, gold, lengths).mean();
            gc.backward(loss);
          }
          for (NDArray p : params) { // plain gradient descent; then clear the gradient
            NDArray g = p.getGradient();
            p.subi(g.mul(0.5f));
            g.muli(0f);
          }
        }
      }
      float[] emissions = x.matMul(table).toFloatArray();
      int[][] best = crf.decode(emissions, n, len, lengths);
      int right = 0;
      for (int b = 0; b < n; b++) {
        for (int t = 0; t < len; t++) {
          right += best[b][t] == gold[b * len + t] ? 1 : 0;
        }
      }
      assertThat(right).isEqualTo(n * len);
    }
  }
}
