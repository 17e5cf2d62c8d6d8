package org.transfer4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** conlleval's chunk scoring on hand-worked examples; counts and percentages worked out below. */
class ConllEvalTest {
  static List<String> tags(String s) {
    return List.of(s.split(" "));
  }

  @Test
  void iob2StrayInsideTagTypeChangeAndChunkAtSentenceEnd() {
    ConllEval eval = new ConllEval(TagScheme.IOB2);
    // John lives in New York .  -- predicted LOC is one token short: wrong
    eval.addSentence(
        tags("B-PER O O B-LOC I-LOC O"), //
        tags("B-PER O O B-LOC O O"));
    // A stray I-ORG after O starts a chunk (conlleval), covering token 1 only: wrong.
    // B-MISC is the last token of the sentence: the boundary closes it: right.
    eval.addSentence(
        tags("B-ORG I-ORG O B-MISC"), //
        tags("O I-ORG O B-MISC"));
    // A type change inside a chunk splits it: predicted PER [0,1) and LOC [1,2), both wrong.
    eval.addSentence(
        tags("B-PER I-PER O"), //
        tags("B-PER I-LOC O"));
    SpanReport r = eval.report();
    // gold chunks: PER 2, LOC 1, ORG 1, MISC 1 = 5
    // predicted:   PER 2, LOC 2, ORG 1, MISC 1 = 6
    // correct:     PER 1 (John), MISC 1 = 2
    assertThat(r.overall().gold()).isEqualTo(5);
    assertThat(r.overall().predicted()).isEqualTo(6);
    assertThat(r.overall().correct()).isEqualTo(2);
    // precision 2/6, recall 2/5, F1 = 2 (1/3)(2/5) / (1/3 + 2/5) = 4/11
    assertThat(r.overall().precision()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(r.overall().recall()).isCloseTo(0.4, within(1e-12));
    assertThat(r.overall().f1()).isCloseTo(4.0 / 11, within(1e-12));
    // PER: 1/2, 1/2, 1/2; LOC: 0/2, 0/1; ORG: 0/1, 0/1; MISC: 1/1, 1/1
    assertType(r.type("PER"), 2, 2, 1, 0.5, 0.5, 0.5);
    assertType(r.type("LOC"), 1, 2, 0, 0, 0, 0);
    assertType(r.type("ORG"), 1, 1, 0, 0, 0, 0);
    assertType(r.type("MISC"), 1, 1, 1, 1, 1, 1);
    // tokens 6 + 4 + 3 = 13; wrong: New York's I-LOC, B-ORG, I-PER/I-LOC -> 10/13
    assertThat(r.tokens()).isEqualTo(13);
    assertThat(r.accuracy()).isCloseTo(10.0 / 13, within(1e-12));
    assertThat(r.conllevalText())
        .isEqualTo(
            """
            processed 13 tokens with 5 phrases; found: 6 phrases; correct: 2.
            accuracy:  76.92%; precision:  33.33%; recall:  40.00%; FB1:  36.36
                          LOC: precision:   0.00%; recall:   0.00%; FB1:   0.00  2
                         MISC: precision: 100.00%; recall: 100.00%; FB1: 100.00  1
                          ORG: precision:   0.00%; recall:   0.00%; FB1:   0.00  1
                          PER: precision:  50.00%; recall:  50.00%; FB1:  50.00  2
            """);
  }

  @Test
  void iob1RunsAreSplitByB() {
    // gold: I-PER I-PER | B-PER is a second PER chunk; predicted merges them into one [0,3).
    SpanReport r =
        ConllEval.evaluate(
            List.of(tags("I-PER I-PER B-PER O I-LOC")),
            List.of(tags("I-PER I-PER I-PER O I-LOC")),
            TagScheme.IOB1);
    assertThat(TagScheme.IOB1.spans(tags("I-PER I-PER B-PER O I-LOC")))
        .containsExactly(new Span(0, 2, "PER"), new Span(2, 3, "PER"), new Span(4, 5, "LOC"));
    // gold 3 (PER 2, LOC 1), predicted 2 (PER 1, LOC 1), correct 1 (LOC)
    // overall P 1/2, R 1/3, F1 2 (1/2)(1/3) / (5/6) = 2/5
    assertThat(r.overall().precision()).isCloseTo(0.5, within(1e-12));
    assertThat(r.overall().recall()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(r.overall().f1()).isCloseTo(0.4, within(1e-12));
    assertType(r.type("PER"), 2, 1, 0, 0, 0, 0);
    assertType(r.type("LOC"), 1, 1, 1, 1, 1, 1);
    // only token 2 (B-PER vs I-PER) is wrong
    assertThat(r.accuracy()).isCloseTo(0.8, within(1e-12));
  }

  @Test
  void iobesSinglesAndEnds() {
    SpanReport r =
        ConllEval.evaluate(
            List.of(tags("S-PER O B-LOC I-LOC E-LOC S-PER S-PER")),
            List.of(tags("S-PER O B-LOC E-LOC O S-PER B-PER")),
            TagScheme.IOBES);
    // gold: PER [0,1), LOC [2,5), PER [5,6), PER [6,7) -- two adjacent singles are two chunks
    // pred: PER [0,1), LOC [2,4), PER [5,6), PER [6,7) -- the final B-PER is closed by the
    //       sentence end, so its boundaries match the gold S-PER
    // correct: the three PER chunks; LOC is one token short
    assertType(r.type("PER"), 3, 3, 3, 1, 1, 1);
    assertType(r.type("LOC"), 1, 1, 0, 0, 0, 0);
    assertThat(r.overall().f1()).isCloseTo(0.75, within(1e-12));
    // wrong tags: I-LOC/E-LOC, E-LOC/O, S-PER/B-PER -> 4/7
    assertThat(r.accuracy()).isCloseTo(4.0 / 7, within(1e-12));
  }

  @Test
  void ioMergesAdjacentTokensOfOneType() {
    SpanReport r =
        ConllEval.evaluate(
            List.of(tags("PER PER O LOC")), List.of(tags("PER O O LOC")), TagScheme.IO);
    // gold PER [0,2), LOC [3,4); pred PER [0,1), LOC [3,4): only LOC right
    assertType(r.type("PER"), 1, 1, 0, 0, 0, 0);
    assertType(r.type("LOC"), 1, 1, 1, 1, 1, 1);
  }

  @Test
  void sentenceBoundaryEndsAChunk() {
    ConllEval split = new ConllEval(TagScheme.IOB2);
    split.addSentence(tags("B-PER"), tags("B-PER"));
    split.addSentence(tags("I-PER"), tags("I-PER"));
    // two sentences: two chunks, both right
    assertType(split.report().overall(), 2, 2, 2, 1, 1, 1);
    SpanReport joined =
        ConllEval.evaluate(
            List.of(tags("B-PER I-PER")), List.of(tags("B-PER I-PER")), TagScheme.IOB2);
    assertType(joined.overall(), 1, 1, 1, 1, 1, 1);
  }

  /** Regression: Java's %6.2f printed 65.63 where conlleval (Perl printf) prints 65.62. */
  @Test
  void percentagesRoundHalfToEvenLikePerlPrintf() {
    ConllEval eval = new ConllEval(TagScheme.IOB2);
    for (int i = 0; i < 32; i++) {
      eval.add("O", i < 21 ? "O" : "B-PER"); // 21 of 32 tags right: 65.625%
    }
    assertThat(eval.report().conllevalText())
        .startsWith(
            "processed 32 tokens with 0 phrases; found: 11 phrases; correct: 0.\n"
                + "accuracy:  65.62%; precision:   0.00%; recall:   0.00%; FB1:   0.00\n");
  }

  @Test
  void openChunkAtEndOfInputIsCounted() {
    ConllEval eval = new ConllEval(TagScheme.IOB2);
    eval.add("B-PER", "B-PER"); // no endSentence: like a file without a final blank line
    assertThat(eval.report().overall().correct()).isEqualTo(1);
  }

  @Test
  void emptyInputIsAllZero() {
    SpanReport r = new ConllEval(TagScheme.IOB2).report();
    assertThat(r.accuracy()).isZero();
    assertType(r.overall(), 0, 0, 0, 0, 0, 0);
    assertThat(r.conllevalText())
        .isEqualTo("processed 0 tokens with 0 phrases; found: 0 phrases; correct: 0.\n");
    assertThat(r.toClassificationReport().classes()).isEmpty();
  }

  @Test
  void asClassificationReportMicroIsOverall() {
    SpanReport r =
        ConllEval.evaluate(
            List.of(tags("B-PER I-PER O B-LOC")), List.of(tags("B-PER I-PER O O")), TagScheme.IOB2);
    ClassificationReport c = r.toClassificationReport();
    assertThat(c.labels()).containsExactly("LOC", "PER");
    assertThat(c.micro().precision()).isEqualTo(r.overall().precision());
    assertThat(c.micro().recall()).isEqualTo(r.overall().recall());
    assertThat(c.micro().f1()).isCloseTo(r.overall().f1(), within(1e-12));
    assertThat(c.accuracy()).isEqualTo(0.75);
    assertThat(ReportFormat.text(c, 2)).contains("token accuracy");
  }

  @Test
  void tagsOutsideTheSchemeAreRejected() {
    ConllEval eval = new ConllEval(TagScheme.IOB2);
    assertThatThrownBy(() -> eval.add("S-PER", "O"))
        .hasMessageContaining("tag 'S-PER' is not valid in scheme iob2")
        .hasMessageContaining("--scheme iobes");
    assertThatThrownBy(() -> eval.add("PER", "O"))
        .hasMessageContaining("tag 'PER' has no B-/I- prefix");
  }

  /**
   * The streaming counter (conlleval's main loop) against brute force: a predicted chunk is correct
   * exactly when the same (start, end, type) is a gold chunk.
   */
  @Test
  void streamingCountsEqualSpanSetIntersection() {
    Random rnd = new Random(7);
    String[] iobes = {"O", "B-A", "I-A", "E-A", "S-A", "B-B", "I-B", "E-B", "S-B"};
    String[] iob = {"O", "B-A", "I-A", "B-B", "I-B"};
    for (TagScheme scheme : List.of(TagScheme.IOB1, TagScheme.IOB2, TagScheme.IOBES)) {
      String[] vocab = scheme == TagScheme.IOBES ? iobes : iob;
      ConllEval eval = new ConllEval(scheme);
      long gold = 0;
      long pred = 0;
      long correct = 0;
      for (int s = 0; s < 500; s++) {
        int n = 1 + rnd.nextInt(12);
        List<String> g = new ArrayList<>();
        List<String> p = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          g.add(vocab[rnd.nextInt(vocab.length)]);
          // mostly agree, so that many chunks match
          p.add(rnd.nextInt(4) == 0 ? vocab[rnd.nextInt(vocab.length)] : g.get(i));
        }
        eval.addSentence(g, p);
        List<Span> gs = scheme.spans(g);
        List<Span> ps = scheme.spans(p);
        Set<Span> common = new HashSet<>(gs);
        common.retainAll(new HashSet<>(ps));
        gold += gs.size();
        pred += ps.size();
        correct += common.size();
      }
      SpanReport.TypeScores all = eval.report().overall();
      assertThat(all.gold()).as(scheme.name()).isEqualTo(gold);
      assertThat(all.predicted()).as(scheme.name()).isEqualTo(pred);
      assertThat(all.correct()).as(scheme.name()).isEqualTo(correct);
      assertThat(correct).as("the test must exercise matches").isGreaterThan(100);
    }
  }

  static void assertType(
      SpanReport.TypeScores t, long gold, long pred, long correct, double p, double r, double f) {
    assertThat(t.gold()).as(t.type() + " gold").isEqualTo(gold);
    assertThat(t.predicted()).as(t.type() + " predicted").isEqualTo(pred);
    assertThat(t.correct()).as(t.type() + " correct").isEqualTo(correct);
    assertThat(t.precision()).as(t.type() + " precision").isCloseTo(p, within(1e-12));
    assertThat(t.recall()).as(t.type() + " recall").isCloseTo(r, within(1e-12));
    assertThat(t.f1()).as(t.type() + " f1").isCloseTo(f, within(1e-12));
  }
}
