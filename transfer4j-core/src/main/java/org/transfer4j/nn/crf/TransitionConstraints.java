package org.transfer4j.nn.crf;

import java.util.List;
import org.transfer4j.eval.TagScheme;

/**
 * Which tag sequences a chunk scheme allows, as start, end and transition tables for {@link
 * LinearChainCrf}: an {@code I-X} may not follow {@code O} in IOB2, a {@code B-X} only follows an
 * {@code X} in IOB1, and IOBES chunks open with {@code B}/{@code S} and close with {@code E}/{@code
 * S} (the rules of AllenNLP's {@code allowed_transitions}, with IOB1 added). Constraining the CRF
 * means training and decoding never spend probability on sequences that cannot be read back as
 * chunks (Lample et al., 2016 use IOBES for this reason).
 *
 * <pre>{@code
 * TransitionConstraints c = TransitionConstraints.of(List.of("O", "B-PER", "I-PER"), TagScheme.IOB2);
 * boolean ok = c.transition(0, 2); // O -> I-PER: false
 * }</pre>
 *
 * @param start {@code start[j]}: a sentence may begin with tag j
 * @param end {@code end[i]}: a sentence may end with tag i
 * @param transitions {@code transitions[i][j]}: tag j may follow tag i
 */
public record TransitionConstraints(boolean[] start, boolean[] end, boolean[][] transitions) {

  /** Every sequence allowed (no constraints, or the IO scheme). */
  public static TransitionConstraints none(int tags) {
    boolean[] s = new boolean[tags];
    boolean[] e = new boolean[tags];
    boolean[][] t = new boolean[tags][tags];
    java.util.Arrays.fill(s, true);
    java.util.Arrays.fill(e, true);
    for (boolean[] row : t) {
      java.util.Arrays.fill(row, true);
    }
    return new TransitionConstraints(s, e, t);
  }

  /** The tables of {@code scheme} over {@code labels} (in id order). */
  public static TransitionConstraints of(List<String> labels, TagScheme scheme) {
    int n = labels.size();
    TagScheme.Tag[] tags = new TagScheme.Tag[n];
    for (int i = 0; i < n; i++) {
      tags[i] = scheme.parseTag(labels.get(i));
    }
    boolean[] s = new boolean[n];
    boolean[] e = new boolean[n];
    boolean[][] t = new boolean[n][n];
    for (int j = 0; j < n; j++) {
      s[j] = allowed(scheme, null, tags[j]);
      e[j] = allowedEnd(scheme, tags[j]);
      for (int i = 0; i < n; i++) {
        t[i][j] = allowed(scheme, tags[i], tags[j]);
      }
    }
    return new TransitionConstraints(s, e, t);
  }

  public boolean transition(int from, int to) {
    return transitions[from][to];
  }

  /** {@code to} may follow {@code from} ({@code null} = sentence start). */
  private static boolean allowed(TagScheme scheme, TagScheme.Tag from, TagScheme.Tag to) {
    String fp = from == null ? "O" : from.prefix();
    String tp = to.prefix();
    boolean same = from != null && from.type().equals(to.type());
    return switch (scheme) {
      case IO -> true;
      // B-X only directly after a chunk of type X; I-X may open a chunk anywhere.
      case IOB1 -> !tp.equals("B") || (same && !fp.equals("O"));
      // I-X continues a chunk of type X: after B-X or I-X.
      case IOB2 -> !tp.equals("I") || (same && (fp.equals("B") || fp.equals("I")));
      case IOBES -> {
        boolean open = fp.equals("B") || fp.equals("I"); // inside an unfinished chunk
        if (tp.equals("I") || tp.equals("E")) {
          yield open && same;
        }
        yield !open; // O, B, S need the previous chunk closed
      }
    };
  }

  private static boolean allowedEnd(TagScheme scheme, TagScheme.Tag last) {
    return scheme != TagScheme.IOBES || !(last.prefix().equals("B") || last.prefix().equals("I"));
  }
}
