package org.transfer4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LengthGroupsTest {
  static Stream<Arguments> plans() {
    return Stream.of(
        // lengths, max padding, expected passes (indices, shortest first)
        Arguments.of(new int[] {5, 40, 6, 38}, 1.25, List.of(new int[] {0, 2}, new int[] {3, 1})),
        Arguments.of(new int[] {7, 7, 7}, 1.0, List.of(new int[] {0, 1, 2})),
        Arguments.of(new int[] {3}, 1.25, List.of(new int[] {0})),
        // 10 + 12: 2 * 12 = 24 <= 1.25 * 22 = 27.5 together; 16 joins? 3 * 16 = 48 > 47.5: no.
        Arguments.of(new int[] {16, 10, 12}, 1.25, List.of(new int[] {1, 2}, new int[] {0})),
        Arguments.of(new int[] {}, 1.25, List.of()));
  }

  @ParameterizedTest
  @MethodSource("plans")
  void cutsWherePaddingWouldPassTheLimit(int[] lengths, double max, List<int[]> expected) {
    assertThat(LengthGroups.plan(lengths, max)).containsExactlyElementsOf(expected);
  }

  @Test
  void everyExampleIsInExactlyOnePassAndNoPassPadsBeyondTheLimit() {
    int[] lengths = new java.util.Random(1).ints(200, 1, 80).toArray();
    List<int[]> passes = LengthGroups.plan(lengths, 1.25);
    boolean[] seen = new boolean[lengths.length];
    for (int[] p : passes) {
      long sum = 0;
      int longest = 0;
      for (int i : p) {
        assertThat(seen[i]).isFalse();
        seen[i] = true;
        sum += lengths[i];
        longest = Math.max(longest, lengths[i]);
      }
      assertThat((double) p.length * longest).isLessThanOrEqualTo(1.25 * sum);
    }
    for (boolean s : seen) {
      assertThat(s).isTrue();
    }
  }
}
