package org.transfer4j.data;

import java.util.Arrays;

/**
 * Word labels to sub-token labels and back. A tagger predicts per sub-token, but a CoNLL label
 * belongs to a word: as in the BERT paper's NER setup (Devlin et al., 2019, section 5.3), only the
 * first sub-token of each word carries the word's label; the other sub-tokens and the special
 * tokens get {@link Labels#IGNORE}. The word's prediction is read back from its first sub-token.
 *
 * <pre>{@code
 * Integer[] wordIds = encoding.wordIds();                        // null for specials
 * int[] tokenLabels = LabelAlignment.firstSubToken(wordIds, wordLabelIds);
 * int[] wordPreds = LabelAlignment.toWords(wordIds, argmaxPerToken, words.size());
 * }</pre>
 */
public final class LabelAlignment {
  private LabelAlignment() {}

  /**
   * Sub-token labels: {@code wordLabels[w]} on the first sub-token of word w, {@link Labels#IGNORE}
   * on continuation sub-tokens and on specials ({@code wordIds[i] == null}).
   */
  public static int[] firstSubToken(Integer[] wordIds, int[] wordLabels) {
    int[] out = new int[wordIds.length];
    Arrays.fill(out, Labels.IGNORE);
    Integer previous = null;
    for (int i = 0; i < wordIds.length; i++) {
      Integer w = wordIds[i];
      if (w != null && !w.equals(previous)) {
        if (w < 0 || w >= wordLabels.length) {
          throw new IllegalArgumentException(
              "token " + i + " belongs to word " + w + " but there are " + wordLabels.length);
        }
        out[i] = wordLabels[w];
      }
      previous = w;
    }
    return out;
  }

  /**
   * Word ids from each word's sub-token count, with {@code prefixSpecials} specials before (e.g. 1
   * for {@code [CLS]}) and {@code suffixSpecials} after (1 for {@code [SEP]}).
   */
  public static Integer[] wordIdsFromCounts(
      int[] subTokenCounts, int prefixSpecials, int suffixSpecials) {
    int total = prefixSpecials + suffixSpecials + Arrays.stream(subTokenCounts).sum();
    Integer[] out = new Integer[total];
    int k = prefixSpecials;
    for (int w = 0; w < subTokenCounts.length; w++) {
      for (int j = 0; j < subTokenCounts[w]; j++) {
        out[k++] = w;
      }
    }
    return out;
  }

  /**
   * Word predictions from sub-token predictions: each word takes its first sub-token's prediction;
   * a word with no sub-token (truncated away, or empty after normalization) gets -1.
   */
  public static int[] toWords(Integer[] wordIds, int[] tokenPredictions, int words) {
    if (tokenPredictions.length < wordIds.length) {
      throw new IllegalArgumentException(
          tokenPredictions.length + " predictions for " + wordIds.length + " tokens");
    }
    int[] out = new int[words];
    Arrays.fill(out, -1);
    Integer previous = null;
    for (int i = 0; i < wordIds.length; i++) {
      Integer w = wordIds[i];
      if (w != null && !w.equals(previous) && w < words && out[w] == -1) {
        out[w] = tokenPredictions[i];
      }
      previous = w;
    }
    return out;
  }
}
