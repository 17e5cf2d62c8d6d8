package org.transfer4j.eval;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.transfer4j.eval.TagScheme.Tag;

/**
 * Span-level (chunk) precision, recall and F1 computed exactly as the CoNLL-2000 {@code conlleval}
 * Perl script does, per entity type and overall, with token accuracy. A predicted chunk is correct
 * when it starts and ends at the same tokens as a gold chunk and has the same type; chunks are read
 * with {@link ChunkRules} and a sentence boundary ends every chunk.
 *
 * <p>The counter streams, like the script: feed tokens with {@link #add} and call {@link
 * #endSentence} at each blank line, or pass whole sentences to {@link #addSentence}. Token accuracy
 * counts tokens whose full gold and predicted tags are equal ({@code O} included).
 *
 * <pre>{@code
 * ConllEval eval = new ConllEval(TagScheme.IOB2);
 * for (int s = 0; s < sentences; s++) eval.addSentence(goldTags.get(s), predTags.get(s));
 * SpanReport report = eval.report();
 * double f1 = report.overall().f1();
 * System.out.print(report.conllevalText());
 * }</pre>
 */
public final class ConllEval {
  private final TagScheme scheme;

  private long tokens;
  private long correctTags;
  private final Map<String, long[]> perType = new TreeMap<>(); // type -> {gold, pred, correct}

  private Tag lastGold = Tag.OUTSIDE;
  private Tag lastPred = Tag.OUTSIDE;
  private boolean inCorrect;

  public ConllEval(TagScheme scheme) {
    this.scheme = scheme;
  }

  public TagScheme scheme() {
    return scheme;
  }

  /** Adds one sentence: tags of its tokens, then a sentence boundary. */
  public void addSentence(List<String> gold, List<String> pred) {
    ConfusionMatrix.checkSameLength(gold.size(), pred.size());
    for (int i = 0; i < gold.size(); i++) {
      add(gold.get(i), pred.get(i));
    }
    endSentence();
  }

  /**
   * Adds one token; tags are checked against the scheme ({@link IllegalArgumentException} names the
   * bad tag).
   */
  public void add(String goldTag, String predTag) {
    step(scheme.parseTag(goldTag), scheme.parseTag(predTag), true);
  }

  /** A sentence boundary (conlleval's blank line): closes open chunks; counts no token. */
  public void endSentence() {
    step(Tag.OUTSIDE, Tag.OUTSIDE, false);
  }

  /** One line of conlleval's main loop. */
  private void step(Tag gold, Tag pred, boolean isToken) {
    boolean goldEnds = ChunkRules.endOfChunk(lastGold, gold);
    boolean predEnds = ChunkRules.endOfChunk(lastPred, pred);
    if (inCorrect) {
      if (goldEnds && predEnds && lastPred.type().equals(lastGold.type())) {
        inCorrect = false;
        counts(lastGold.type())[2]++;
      } else if (goldEnds != predEnds || !pred.type().equals(gold.type())) {
        inCorrect = false;
      }
    }
    boolean goldStarts = ChunkRules.startOfChunk(lastGold, gold);
    boolean predStarts = ChunkRules.startOfChunk(lastPred, pred);
    if (goldStarts && predStarts && pred.type().equals(gold.type())) {
      inCorrect = true;
    }
    if (goldStarts) {
      counts(gold.type())[0]++;
    }
    if (predStarts) {
      counts(pred.type())[1]++;
    }
    if (isToken) {
      if (gold.equals(pred)) {
        correctTags++;
      }
      tokens++;
    }
    lastGold = gold;
    lastPred = pred;
  }

  private long[] counts(String type) {
    return perType.computeIfAbsent(type, t -> new long[3]);
  }

  /**
   * The scores so far. Like the script's end of input, a chunk still open (no final {@link
   * #endSentence}) is closed; the counter itself is not changed, so more tokens may follow.
   */
  public SpanReport report() {
    Map<String, SpanReport.TypeScores> types = new TreeMap<>();
    for (Map.Entry<String, long[]> e : perType.entrySet()) {
      long[] c = e.getValue();
      types.put(e.getKey(), new SpanReport.TypeScores(e.getKey(), c[0], c[1], c[2]));
    }
    if (inCorrect) {
      String t = lastGold.type();
      SpanReport.TypeScores old = types.get(t);
      types.put(t, new SpanReport.TypeScores(t, old.gold(), old.predicted(), old.correct() + 1));
    }
    return new SpanReport(tokens, correctTags, types);
  }

  /** Scores whole sentences in one call. */
  public static SpanReport evaluate(
      List<? extends List<String>> gold, List<? extends List<String>> pred, TagScheme scheme) {
    if (gold.size() != pred.size()) {
      throw new IllegalArgumentException(
          gold.size() + " gold sentences but " + pred.size() + " predicted");
    }
    ConllEval eval = new ConllEval(scheme);
    for (int s = 0; s < gold.size(); s++) {
      if (gold.get(s).size() != pred.get(s).size()) {
        throw new IllegalArgumentException(
            "sentence "
                + s
                + " has "
                + gold.get(s).size()
                + " gold tags but "
                + pred.get(s).size()
                + " predicted");
      }
      eval.addSentence(gold.get(s), pred.get(s));
    }
    return eval.report();
  }
}
