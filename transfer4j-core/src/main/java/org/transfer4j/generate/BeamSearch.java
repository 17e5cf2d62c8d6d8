package org.transfer4j.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.transfer4j.model.CausalLm;
import org.transfer4j.model.DecodingCache;

/**
 * Beam search: keeps the {@code numBeams} most likely partial sequences per prompt. A beam that
 * emits EOS becomes a finished hypothesis scored {@code sum log p / generated^lengthPenalty} (as in
 * Hugging Face); a prompt is done when it has {@code numBeams} finished hypotheses and no running
 * beam can beat the worst of them. The cache rows follow their beams ({@link
 * DecodingCache#reorder}).
 */
final class BeamSearch {
  private final CausalLm model;
  private final GenerationConfig c;
  private final int beams;

  private record Hypothesis(long[] tokens, double score) {}

  BeamSearch(CausalLm model, GenerationConfig c) {
    this.model = model;
    this.c = c;
    this.beams = c.numBeams();
  }

  long[][] run(long[][] prompts) {
    int batch = prompts.length;
    int promptLength = prompts[0].length;
    int total = promptLength + c.maxNewTokens();
    int rows = batch * beams;
    long[][] seq = new long[rows][total];
    double[] scores = new double[rows]; // running sum of log-probabilities per beam
    for (int r = 0; r < rows; r++) {
      System.arraycopy(prompts[r / beams], 0, seq[r], 0, promptLength);
      // All beams start identical: only the first may expand at step 0, or they would duplicate.
      scores[r] = r % beams == 0 ? 0 : Double.NEGATIVE_INFINITY;
    }
    List<List<Hypothesis>> finished = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      finished.add(new ArrayList<>());
    }
    boolean[] done = new boolean[batch];
    int length = promptLength;
    int vocab = model.vocabSize();
    NDManager gen = model.manager().newSubManager();
    model.beginInference(gen);
    try (gen;
        DecodingCache cache = c.useCache() ? model.newCache(gen, rows, total) : null) {
      for (int step = 0; step < c.maxNewTokens(); step++) {
        float[] topScores;
        long[] topIndices;
        int candidates = Math.min(2 * beams, beams * vocab);
        try (NDManager s = gen.newSubManager()) {
          NDArray ids;
          if (cache == null) {
            ids = s.create(Generator.slice(seq, 0, length));
          } else if (step == 0) {
            ids = s.create(Generator.slice(seq, 0, promptLength));
          } else {
            ids = s.create(Generator.slice(seq, length - 1, length));
          }
          NDArray logProbs = model.nextTokenLogits(ids, cache).logSoftmax(-1); // (rows, vocab)
          // As Hugging Face: the processors see the log-probabilities, not the raw logits.
          logProbs = LogitsProcessors.apply(logProbs, seq, null, length, c);
          float[] running = new float[rows];
          for (int r = 0; r < rows; r++) {
            running[r] = (float) scores[r];
          }
          NDArray total2 = logProbs.add(s.create(running).reshape(rows, 1)).reshape(batch, -1);
          // 2 x beams candidates: enough that numBeams survive even if half of them end in EOS.
          NDList top = total2.topK(candidates, -1, true, true); // (batch, candidates)
          topScores = top.get(0).toFloatArray();
          topIndices = top.get(1).toLongArray();
        }
        long[] source = new long[rows];
        long[] token = new long[rows];
        double[] next = new double[rows];
        for (int b = 0; b < batch; b++) {
          int filled = 0;
          for (int j = 0; j < candidates && filled < beams; j++) {
            double score = topScores[b * candidates + j];
            long flat = topIndices[b * candidates + j];
            int beam = (int) (flat / vocab);
            long tok = flat % vocab;
            int from = b * beams + beam;
            if (done[b] || Double.isInfinite(score)) {
              // Keep the row busy with a harmless copy; its result is ignored.
              score = Double.NEGATIVE_INFINITY;
            } else if (c.eosTokenId() >= 0 && tok == c.eosTokenId()) {
              if (j < beams) {
                long[] hyp = Arrays.copyOf(seq[from], length + 1);
                hyp[length] = tok;
                addHypothesis(finished.get(b), hyp, score, length + 1 - promptLength);
              }
              continue;
            }
            int row = b * beams + filled;
            source[row] = from;
            token[row] = tok;
            next[row] = score;
            filled++;
          }
          for (; filled < beams; filled++) { // only when the row is done or fully -inf
            int row = b * beams + filled;
            source[row] = b * beams;
            token[row] = c.eosTokenId() >= 0 ? c.eosTokenId() : 0;
            next[row] = Double.NEGATIVE_INFINITY;
          }
        }
        long[][] reordered = new long[rows][];
        for (int r = 0; r < rows; r++) {
          reordered[r] = seq[(int) source[r]].clone();
          reordered[r][length] = token[r];
        }
        seq = reordered;
        scores = next;
        length++;
        if (cache != null) {
          try (NDManager s = gen.newSubManager()) {
            cache.reorder(s.create(source));
          }
        }
        boolean all = true;
        for (int b = 0; b < batch; b++) {
          done[b] |= isDone(finished.get(b), scores, b, length - promptLength);
          all &= done[b];
        }
        if (all) {
          break;
        }
      }
    } finally {
      model.endInference();
    }
    int returned = c.numReturnSequences();
    long[][] out = new long[batch * returned][];
    for (int b = 0; b < batch; b++) {
      List<Hypothesis> hyps = finished.get(b);
      if (!done[b]) {
        for (int k = 0; k < beams; k++) {
          int r = b * beams + k;
          if (!Double.isInfinite(scores[r])) {
            addHypothesis(hyps, Arrays.copyOf(seq[r], length), scores[r], length - promptLength);
          }
        }
      }
      // Best first; hyps holds up to numBeams hypotheses, sorted.
      List<Hypothesis> sorted =
          hyps.stream().sorted(Comparator.comparingDouble(Hypothesis::score).reversed()).toList();
      for (int k = 0; k < returned; k++) {
        out[b * returned + k] = sorted.get(Math.min(k, sorted.size() - 1)).tokens;
      }
    }
    return out;
  }

  private void addHypothesis(List<Hypothesis> hyps, long[] tokens, double logProb, int generated) {
    double score = logProb / Math.pow(Math.max(generated, 1), c.lengthPenalty());
    hyps.add(new Hypothesis(tokens, score));
    hyps.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
    while (hyps.size() > beams) {
      hyps.remove(hyps.size() - 1);
    }
  }

  /** Done when full and the best running beam cannot beat the worst finished hypothesis. */
  private boolean isDone(List<Hypothesis> hyps, double[] scores, int b, int generated) {
    if (hyps.size() < beams) {
      return false;
    }
    double best = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < beams; k++) {
      best = Math.max(best, scores[b * beams + k]);
    }
    double bestPossible = best / Math.pow(Math.max(generated, 1), c.lengthPenalty());
    return bestPossible <= hyps.get(hyps.size() - 1).score();
  }
}
