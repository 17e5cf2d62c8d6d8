package org.transfer4j.train;

import java.util.Random;

/**
 * A {@link Random} whose state can be saved in a checkpoint and restored, so that a resumed run
 * draws the same numbers (masking, sampling) as an uninterrupted one. It is the same 48-bit linear
 * congruential generator as {@code java.util.Random} (whose state is private); {@link
 * #nextGaussian} draws a fresh pair each call instead of caching the second value, so the whole
 * state is one {@code long}.
 *
 * <pre>{@code
 * ResumableRandom r = new ResumableRandom(42);
 * long saved = r.state();
 * r.nextInt(10);
 * r.setState(saved); // the same nextInt(10) again
 * }</pre>
 */
public final class ResumableRandom extends Random {
  private static final long serialVersionUID = 1L;
  private static final long MULTIPLIER = 0x5DEECE66DL;
  private static final long ADDEND = 0xBL;
  private static final long MASK = (1L << 48) - 1;

  // No initializer: Random's constructor calls setSeed before this class's initializers run.
  private long state;

  public ResumableRandom(long seed) {
    super(seed);
  }

  @Override
  public synchronized void setSeed(long seed) {
    state = (seed ^ MULTIPLIER) & MASK;
  }

  @Override
  protected int next(int bits) {
    state = (state * MULTIPLIER + ADDEND) & MASK;
    return (int) (state >>> (48 - bits));
  }

  @Override
  public double nextGaussian() {
    // Marsaglia polar method, as java.util.Random, without the cached second value.
    double v1;
    double v2;
    double s;
    do {
      v1 = 2 * nextDouble() - 1;
      v2 = 2 * nextDouble() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s == 0);
    return v1 * StrictMath.sqrt(-2 * StrictMath.log(s) / s);
  }

  /** The whole generator state. */
  public long state() {
    return state;
  }

  public void setState(long state) {
    this.state = state & MASK;
  }
}
