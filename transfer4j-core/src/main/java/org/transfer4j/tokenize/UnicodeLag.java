package org.transfer4j.tokenize;

/**
 * Code points that Java assigns but the Unicode tables inside Hugging Face's BERT normalizer treat
 * as unassigned (category Cn, hence removed as "control" by clean-up). Measured against the HF
 * library, see {@code BertParityTest}.
 */
final class UnicodeLag {
  private UnicodeLag() {}

  private static final int[] RANGES = {};

  static boolean unassignedInOldTables(int c) {
    for (int i = 0; i < RANGES.length; i += 2) {
      if (c >= RANGES[i] && c <= RANGES[i + 1]) {
        return true;
      }
    }
    return false;
  }
}
