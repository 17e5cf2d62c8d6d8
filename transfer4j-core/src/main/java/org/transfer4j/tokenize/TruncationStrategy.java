package org.transfer4j.tokenize;

/** Hugging Face's {@code truncate_encodings}: how a length budget is split over a pair. */
final class TruncationStrategy {
  private TruncationStrategy() {}

  /** Returns {a, b} truncated so that together they hold at most {@code max} tokens. */
  static Encoding[] apply(Encoding a, Encoding b, int max, Truncation t) {
    if (max == 0) {
      a = Encodings.truncate(a, 0, t.stride(), t.direction());
      if (b != null) {
        b = Encodings.truncate(b, 0, t.stride(), t.direction());
      }
      return new Encoding[] {a, b};
    }
    int total = a.length() + (b == null ? 0 : b.length());
    if (total <= max) {
      return new Encoding[] {a, b};
    }
    int toRemove = total - max;
    switch (t.strategy()) {
      case LONGEST_FIRST -> {
        if (b == null) {
          a = Encodings.truncate(a, total - toRemove, t.stride(), t.direction());
        } else {
          int n1 = a.length();
          int n2 = b.length();
          boolean swap = n1 > n2;
          if (swap) {
            int x = n1;
            n1 = n2;
            n2 = x;
          }
          if (n1 > max) {
            n2 = n1;
          } else {
            n2 = Math.max(n1, max - n1);
          }
          if (n1 + n2 > max) {
            n1 = max / 2;
            n2 = n1 + max % 2;
          }
          if (swap) {
            int x = n1;
            n1 = n2;
            n2 = x;
          }
          a = Encodings.truncate(a, n1, t.stride(), t.direction());
          b = Encodings.truncate(b, n2, t.stride(), t.direction());
        }
      }
      case ONLY_FIRST, ONLY_SECOND -> {
        boolean first = t.strategy() == Truncation.Strategy.ONLY_FIRST;
        if (!first && b == null) {
          throw new IllegalArgumentException(
              "truncation strategy only_second needs a pair (text_pair); use longest_first or only_first");
        }
        Encoding target = first ? a : b;
        if (target.length() <= toRemove) {
          throw new IllegalArgumentException(
              "cannot truncate: the "
                  + (first ? "first" : "second")
                  + " sequence has "
                  + target.length()
                  + " tokens but "
                  + toRemove
                  + " must go; use longest_first or a larger max length");
        }
        Encoding cut =
            Encodings.truncate(target, target.length() - toRemove, t.stride(), t.direction());
        if (first) {
          a = cut;
        } else {
          b = cut;
        }
      }
      default -> throw new IllegalStateException();
    }
    return new Encoding[] {a, b};
  }
}
