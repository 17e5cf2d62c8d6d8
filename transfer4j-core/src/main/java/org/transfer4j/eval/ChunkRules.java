package org.transfer4j.eval;

import org.transfer4j.eval.TagScheme.Tag;

/**
 * conlleval's chunk boundary rules (the {@code startOfChunk} and {@code endOfChunk} subroutines of
 * the CoNLL-2000 Perl script by Erik Tjong Kim Sang), extended for {@code S-} single-token tags as
 * in the IOBES-aware Python port of conlleval: {@code B-} and {@code S-} always start a chunk,
 * {@code E-} and {@code S-} always end one. For IO, IOB1 and IOB2 sequences (no {@code E-} or
 * {@code S-}) the rules are exactly the Perl script's.
 *
 * <p>Notable consequences: an {@code I-} after {@code O} starts a chunk (a stray {@code I-} in an
 * IOB2 prediction is a chunk, not an error); a type change ({@code B-PER I-LOC}) ends one chunk and
 * starts another; {@code I-PER I-PER B-PER} is two chunks.
 */
final class ChunkRules {
  private ChunkRules() {}

  /** Whether a chunk ends between a token tagged {@code prev} and one tagged {@code cur}. */
  static boolean endOfChunk(Tag prev, Tag cur) {
    String p = prev.prefix();
    String t = cur.prefix();
    if (p.equals("E") || p.equals("S")) {
      return true;
    }
    if ((p.equals("B") || p.equals("I")) && (t.equals("B") || t.equals("S") || t.equals("O"))) {
      return true;
    }
    return !p.equals("O") && !prev.type().equals(cur.type());
  }

  /** Whether a chunk starts at a token tagged {@code cur} that follows one tagged {@code prev}. */
  static boolean startOfChunk(Tag prev, Tag cur) {
    String p = prev.prefix();
    String t = cur.prefix();
    if (t.equals("B") || t.equals("S")) {
      return true;
    }
    if ((p.equals("E") || p.equals("S") || p.equals("O")) && (t.equals("E") || t.equals("I"))) {
      return true;
    }
    return !t.equals("O") && !prev.type().equals(cur.type());
  }
}
