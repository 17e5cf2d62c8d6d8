package org.transfer4j.train;

/**
 * Warmup length, either a number of steps or a fraction of the total steps ({@code --warmup 500} or
 * {@code --warmup 0.1}).
 *
 * <pre>{@code
 * long steps = Warmup.parse("0.06").steps(10_000); // 600
 * }</pre>
 *
 * @param steps warmup steps when {@code fraction} is negative
 * @param fraction fraction of the total steps in [0, 1], or -1 when given in steps
 */
public record Warmup(long steps, double fraction) {
  public Warmup {
    if (fraction < 0 && steps < 0) {
      throw new IllegalArgumentException("warmup steps must be >= 0, got " + steps);
    }
    if (fraction >= 0 && !(fraction <= 1)) {
      throw new IllegalArgumentException("warmup fraction must be in [0, 1], got " + fraction);
    }
  }

  public static Warmup ofSteps(long steps) {
    return new Warmup(steps, -1);
  }

  public static Warmup ofFraction(double fraction) {
    return new Warmup(0, fraction);
  }

  /** A value with a decimal point (or exponent) is a fraction, an integer is a step count. */
  public static Warmup parse(String s) {
    String t = s.trim();
    try {
      if (t.contains(".") || t.contains("e") || t.contains("E")) {
        return ofFraction(Double.parseDouble(t));
      }
      return ofSteps(Long.parseLong(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "warmup '" + s + "' is neither a step count (500) nor a fraction (0.1)");
    }
  }

  /** The warmup in steps for a run of {@code total} steps (never more than {@code total}). */
  public long steps(long total) {
    long w = fraction >= 0 ? Math.round(fraction * total) : steps;
    return Math.min(w, total);
  }

  @Override
  public String toString() {
    return fraction >= 0 ? Double.toString(fraction) : Long.toString(steps);
  }
}
