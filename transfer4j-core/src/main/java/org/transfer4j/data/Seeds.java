package org.transfer4j.data;

/** Derives independent seeds from (seed, epoch, index, ...) so every draw is reproducible. */
final class Seeds {
  private Seeds() {}

  /** SplitMix64 finaliser (Steele et al., 2014) folded over the parts. */
  static long mix(long... parts) {
    long h = 0x9E3779B97F4A7C15L;
    for (long p : parts) {
      h = fmix(h ^ fmix(p + 0x632BE59BD9B4E019L));
    }
    return h;
  }

  private static long fmix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
