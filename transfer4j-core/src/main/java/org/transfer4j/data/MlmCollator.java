package org.transfer4j.data;

import java.util.SplittableRandom;

/**
 * Masks a padded batch for masked-language-model training (Devlin et al., 2019, section 3.1). Only
 * real, non-special tokens can be selected: padding ({@code attentionMask == 0}) and {@code [PAD]
 * [CLS] [SEP] [MASK]} never are. The random draws come from a seed given per batch, so a resumed
 * run masks exactly as the original.
 *
 * <pre>{@code
 * MlmCollator mlm = new MlmCollator(SpecialTokens.bertBaseUncased(), MlmOptions.defaults());
 * MaskedLm m = mlm.mask(batch.inputIds(), batch.attentionMask(), batch.batchSize(), batch.seqLen(), seed);
 * }</pre>
 */
public final class MlmCollator {
  private final SpecialTokens specials;
  private final MlmOptions options;
  private final int[] randomCandidates;

  public MlmCollator(SpecialTokens specials, MlmOptions options) {
    this.specials = specials;
    this.options = options;
    int[] c = new int[specials.vocabSize()];
    int n = 0;
    for (int id = 0; id < specials.vocabSize(); id++) {
      if (specials.isRandomCandidate(id)) {
        c[n++] = id;
      }
    }
    this.randomCandidates = java.util.Arrays.copyOf(c, n);
  }

  public MlmOptions options() {
    return options;
  }

  /**
   * Masks {@code inputIds} {@code (rows, seqLen)}; the arrays given are not modified.
   *
   * @param attentionMask 1 for real tokens, 0 for padding {@code (rows, seqLen)}
   * @param seed the seed of this batch (derive it from run seed, epoch and batch index)
   */
  public MaskedLm mask(long[] inputIds, long[] attentionMask, int rows, int seqLen, long seed) {
    if (inputIds.length != (long) rows * seqLen || attentionMask.length != inputIds.length) {
      throw new IllegalArgumentException(
          "inputIds and attentionMask must have rows * seqLen = "
              + (long) rows * seqLen
              + " entries, got "
              + inputIds.length
              + " and "
              + attentionMask.length);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    long[] out = inputIds.clone();
    long[] labels = new long[out.length];
    java.util.Arrays.fill(labels, Labels.IGNORE);
    boolean[] selected = new boolean[out.length];
    int count = 0;
    int[] eligible = new int[seqLen];
    for (int r = 0; r < rows; r++) {
      int base = r * seqLen;
      int n = 0;
      for (int t = 0; t < seqLen; t++) {
        int i = base + t;
        if (attentionMask[i] != 0 && !specials.isSpecial(inputIds[i])) {
          eligible[n++] = i;
        }
      }
      if (options.exactCount()) {
        int k = (int) Math.round(options.maskProbability() * n);
        if (k == 0 && n > 0 && options.maskProbability() > 0) {
          k = 1;
        }
        // Partial Fisher-Yates: the first k entries become a uniform k-subset.
        for (int j = 0; j < k; j++) {
          int s = j + rng.nextInt(n - j);
          int tmp = eligible[j];
          eligible[j] = eligible[s];
          eligible[s] = tmp;
          selected[eligible[j]] = true;
        }
        count += k;
      } else {
        for (int j = 0; j < n; j++) {
          if (rng.nextDouble() < options.maskProbability()) {
            selected[eligible[j]] = true;
            count++;
          }
        }
      }
    }
    long[] positions = new long[count];
    long[] maskedLabels = new long[count];
    int m = 0;
    for (int i = 0; i < out.length; i++) {
      if (!selected[i]) {
        continue;
      }
      labels[i] = inputIds[i];
      positions[m] = i;
      maskedLabels[m++] = inputIds[i];
      double u = rng.nextDouble();
      if (u < options.maskTokenRate()) {
        out[i] = specials.mask();
      } else if (u < options.maskTokenRate() + options.randomTokenRate()) {
        out[i] = randomCandidates[rng.nextInt(randomCandidates.length)];
      }
    }
    return new MaskedLm(rows, seqLen, out, labels, positions, maskedLabels);
  }
}
