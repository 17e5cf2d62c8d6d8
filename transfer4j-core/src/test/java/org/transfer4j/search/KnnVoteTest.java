package org.transfer4j.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Votes computed by hand; rows 0..5 carry labels a a b b c (-1: unlabelled). */
class KnnVoteTest {
  static final int[] LABEL_OF_ROW = {0, 0, 1, 1, 2, -1};

  static Stream<Arguments> cases() {
    return Stream.of(
        // k = 1: the nearest row's label even if the next ones disagree.
        Arguments.of(new Hit[] {new Hit(4, 0.6f)}, 2),
        // a: 0.9, b: 0.8 + 0.7 = 1.5 -> b (majority by weight).
        Arguments.of(new Hit[] {new Hit(0, 0.9f), new Hit(2, 0.8f), new Hit(3, 0.7f)}, 1),
        // a: 0.9 + 0.85 = 1.75, b: 0.5, c: 0.4 -> a.
        Arguments.of(
            new Hit[] {new Hit(0, 0.9f), new Hit(1, 0.85f), new Hit(2, 0.5f), new Hit(4, 0.4f)}, 0),
        // One close neighbour outweighs two far ones: c: 0.95, a: 0.3 + 0.3 = 0.6 -> c.
        Arguments.of(new Hit[] {new Hit(4, 0.95f), new Hit(0, 0.3f), new Hit(1, 0.3f)}, 2),
        // Tie: b 0.5 + 0.25 = 0.75 = a 0.5 + 0.25; b's nearest ranks first -> b.
        Arguments.of(
            new Hit[] {new Hit(2, 0.5f), new Hit(0, 0.5f), new Hit(3, 0.25f), new Hit(1, 0.25f)},
            1),
        // Unlabelled rows do not vote: (5) 0.99 ignored, a: 0.2.
        Arguments.of(new Hit[] {new Hit(5, 0.99f), new Hit(0, 0.2f)}, 0),
        Arguments.of(new Hit[0], -1));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void votesBySimilarity(Hit[] hits, int expected) {
    KnnVote vote = new KnnVote(3);
    assertThat(vote.predict(hits, r -> LABEL_OF_ROW[r])).isEqualTo(expected);
    // Reused for the next query: the tallies start over.
    assertThat(vote.predict(hits, r -> LABEL_OF_ROW[r])).isEqualTo(expected);
  }
}
