package org.transfer4j.data;

import java.util.Arrays;
import java.util.List;

/**
 * BERT's input layout built from raw ids, for callers that have a {@link TokenEncoder} rather than
 * a full tokenizer: {@code [CLS] A [SEP]} or {@code [CLS] A [SEP] B [SEP]}, type ids 0 for {@code
 * [CLS] A [SEP]} and 1 for {@code B [SEP]}. Pairs are truncated longest-first (one token at a time
 * from the longer side, the pair on ties), as Hugging Face's {@code longest_first}.
 *
 * <pre>{@code
 * PairEncoder enc = BertLayout.pairEncoder(textToIds, SpecialTokens.bertBaseUncased(), 128);
 * EncodedInput in = BertLayout.encodeWords(List.of("John", "lives"), textToIds, specials, 128);
 * }</pre>
 */
public final class BertLayout {
  private BertLayout() {}

  /** A {@link PairEncoder} with BERT's layout and longest-first truncation to {@code maxLength}. */
  public static PairEncoder pairEncoder(TokenEncoder encoder, SpecialTokens sp, int maxLength) {
    return (text, pair) ->
        encodePair(encoder.encode(text), pair == null ? null : encoder.encode(pair), sp, maxLength);
  }

  /** Lays out {@code a} (and {@code b} when not null), truncated to {@code maxLength}. */
  public static EncodedInput encodePair(int[] a, int[] b, SpecialTokens sp, int maxLength) {
    int specials = b == null ? 2 : 3;
    if (maxLength < specials + (b == null ? 1 : 2)) {
      throw new IllegalArgumentException("max length " + maxLength + " leaves no room for text");
    }
    int la = a.length;
    int lb = b == null ? 0 : b.length;
    while (la + lb + specials > maxLength) {
      if (b != null && lb >= la) {
        lb--;
      } else {
        la--;
      }
    }
    int n = la + lb + specials;
    int[] ids = new int[n];
    int[] types = new int[n];
    ids[0] = sp.cls();
    System.arraycopy(a, 0, ids, 1, la);
    ids[la + 1] = sp.sep();
    if (b != null) {
      System.arraycopy(b, 0, ids, la + 2, lb);
      ids[n - 1] = sp.sep();
      Arrays.fill(types, la + 2, n, 1);
    }
    return new EncodedInput(ids, types);
  }

  /**
   * Encodes pre-split words (CoNLL) one by one: {@code [CLS] w0.. w1.. [SEP]} with word ids, the
   * sub-tokens past {@code maxLength - 2} dropped.
   */
  public static EncodedInput encodeWords(
      List<String> words, TokenEncoder encoder, SpecialTokens sp, int maxLength) {
    int[][] pieces = new int[words.size()][];
    int[] counts = new int[words.size()];
    int budget = maxLength - 2;
    for (int w = 0; w < pieces.length; w++) {
      pieces[w] = encoder.encode(words.get(w));
      counts[w] = Math.max(0, Math.min(pieces[w].length, budget));
      budget -= counts[w];
    }
    Integer[] wordIds = LabelAlignment.wordIdsFromCounts(counts, 1, 1);
    int[] ids = new int[wordIds.length];
    ids[0] = sp.cls();
    int k = 1;
    for (int w = 0; w < pieces.length; w++) {
      System.arraycopy(pieces[w], 0, ids, k, counts[w]);
      k += counts[w];
    }
    ids[k] = sp.sep();
    return new EncodedInput(ids, new int[ids.length], wordIds);
  }
}
