package org.transfer4j.generate;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The logits processors of Hugging Face's {@code generate} that depend on the tokens produced so
 * far: {@code repetition_penalty} ({@code RepetitionPenaltyLogitsProcessor}, after CTRL, Keskar et
 * al., 2019) and {@code no_repeat_ngram_size} ({@code NoRepeatNGramLogitsProcessor}). They run on
 * the host over one row of next-token scores: they need the token history, which is on the host
 * anyway, and a row is small next to a decoding step's matrix products.
 *
 * <pre>{@code
 * float[] row = {2f, -2f, 1f};
 * LogitsProcessors.repetitionPenalty(row, new long[] {0, 1}, 0, 2, 2f); // row = {1, -4, 1}
 * }</pre>
 */
public final class LogitsProcessors {
  private LogitsProcessors() {}

  /**
   * Penalizes every distinct token of {@code seq[from, to)} once, as Hugging Face does: a positive
   * score is divided by {@code penalty}, a negative one multiplied by it.
   */
  public static void repetitionPenalty(float[] row, long[] seq, int from, int to, float penalty) {
    if (penalty == 1f) {
      return;
    }
    BitSet seen = new BitSet(row.length);
    for (int i = from; i < to; i++) {
      int t = (int) seq[i];
      if (t >= 0 && t < row.length && !seen.get(t)) {
        seen.set(t);
        row[t] = row[t] < 0 ? row[t] * penalty : row[t] / penalty;
      }
    }
  }

  /**
   * Bans ({@code -inf}) every token that would complete an n-gram of size {@code n} already in
   * {@code seq[from, to)}: the tokens that followed an earlier occurrence of the last {@code n - 1}
   * tokens.
   */
  public static void noRepeatNgram(float[] row, long[] seq, int from, int to, int n) {
    if (n <= 0 || to - from + 1 < n) {
      return;
    }
    int prefix = n - 1;
    for (int start = from; start + n <= to; start++) {
      boolean match =
          Arrays.equals(seq, start, start + prefix, seq, to - prefix, to); // earlier n-1 tokens
      if (match) {
        int banned = (int) seq[start + prefix];
        if (banned >= 0 && banned < row.length) {
          row[banned] = Float.NEGATIVE_INFINITY;
        }
      }
    }
  }

  /**
   * Applies the processors of {@code c} to next-token scores {@code (rows, vocab)}; row {@code r}'s
   * history is {@code seq[r][starts[r], length)}. Returns a new array in scores' manager, or {@code
   * scores} itself when {@code c} has no processor.
   */
  static NDArray apply(NDArray scores, long[][] seq, int[] starts, int length, GenerationConfig c) {
    if (!c.hasLogitsProcessors()) {
      return scores;
    }
    int rows = (int) scores.getShape().get(0);
    int vocab = (int) scores.getShape().get(1);
    float[] flat = scores.toFloatArray();
    float[] row = new float[vocab];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(flat, r * vocab, row, 0, vocab);
      int start = starts == null ? 0 : starts[r];
      repetitionPenalty(row, seq[r], start, length, c.repetitionPenalty());
      noRepeatNgram(row, seq[r], start, length, c.noRepeatNgramSize());
      System.arraycopy(row, 0, flat, r * vocab, vocab);
    }
    return scores.getManager().create(flat, scores.getShape());
  }
}
