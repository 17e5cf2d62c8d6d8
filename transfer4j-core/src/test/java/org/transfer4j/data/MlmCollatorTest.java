package org.transfer4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MlmCollatorTest {
  private static final SpecialTokens SP = TestCorpus.SPECIALS;

  /** 1000 rows of [CLS] 96 words [SEP] [PAD]x3 (pad in the mask only for the last 3). */
  private static long[][] batch(int rows, int seq) {
    SplittableRandom rng = new SplittableRandom(7);
    long[] ids = new long[rows * seq];
    long[] mask = new long[rows * seq];
    for (int r = 0; r < rows; r++) {
      int real = seq - 3;
      for (int t = 0; t < seq; t++) {
        int i = r * seq + t;
        if (t == 0) {
          ids[i] = SP.cls();
        } else if (t == real - 1 || t == real / 2) {
          ids[i] = SP.sep();
        } else if (t >= real) {
          ids[i] = SP.pad();
        } else {
          ids[i] = rng.nextInt(5, 1000);
        }
        mask[i] = t < real ? 1 : 0;
      }
    }
    return new long[][] {ids, mask};
  }

  @ParameterizedTest(name = "p={0} mask={1} random={2} exact={3}")
  @CsvSource({
    "0.15, 0.8, 0.1, false",
    "0.15, 0.8, 0.1, true",
    "0.30, 0.5, 0.25, false",
    "0.10, 1.0, 0.0, true"
  })
  void ratesWithinToleranceOn100kTokens(
      double p, double maskRate, double randomRate, boolean exact) {
    int rows = 1000;
    int seq = 103; // 100 real tokens of which 97 maskable; 3 pads
    long[][] b = batch(rows, seq);
    MlmCollator c = new MlmCollator(SP, new MlmOptions(p, maskRate, randomRate, exact));
    MaskedLm m = c.mask(b[0], b[1], rows, seq, 42);

    long maskable = 0;
    long selected = 0;
    long toMask = 0;
    long changedRandom = 0;
    long kept = 0;
    for (int i = 0; i < b[0].length; i++) {
      boolean special = SP.isSpecial(b[0][i]) || b[1][i] == 0;
      if (!special) {
        maskable++;
      }
      if (m.labels()[i] != Labels.IGNORE) {
        assertThat(special).as("special or pad selected at %d", i).isFalse();
        assertThat(m.labels()[i]).isEqualTo(b[0][i]);
        selected++;
        if (m.inputIds()[i] == SP.mask()) {
          toMask++;
        } else if (m.inputIds()[i] == b[0][i]) {
          kept++;
        } else {
          changedRandom++;
          assertThat(SP.isRandomCandidate((int) m.inputIds()[i])).isTrue();
        }
      } else {
        assertThat(m.inputIds()[i]).as("unselected token changed").isEqualTo(b[0][i]);
      }
    }
    assertThat(maskable).isEqualTo(97_000);
    assertThat((double) selected / maskable).isCloseTo(p, within(exact ? 0.005 : 0.01));
    // A random replacement equal to the original counts as kept (1/995 of the random share).
    assertThat((double) toMask / selected).isCloseTo(maskRate, within(0.02));
    assertThat((double) changedRandom / selected).isCloseTo(randomRate, within(0.02));
    assertThat((double) kept / selected).isCloseTo(1 - maskRate - randomRate, within(0.02));
    assertThat(m.maskedPositions()).hasSize((int) selected);
    for (int k = 0; k < m.maskedPositions().length; k++) {
      int pos = (int) m.maskedPositions()[k];
      assertThat(m.labels()[pos]).isNotEqualTo(Labels.IGNORE);
      assertThat(m.maskedLabels()[k]).isEqualTo(b[0][pos]);
      if (k > 0) {
        assertThat(pos).isGreaterThan((int) m.maskedPositions()[k - 1]);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"0.15, 20, 3", "0.15, 2, 1", "0.5, 9, 5", "0.01, 30, 1"})
  void exactCountSelectsRoundedShareAtLeastOne(double p, int words, int expected) {
    int seq = words + 2;
    long[] ids = new long[seq];
    long[] mask = new long[seq];
    ids[0] = SP.cls();
    ids[seq - 1] = SP.sep();
    for (int t = 1; t < seq - 1; t++) {
      ids[t] = 10 + t;
    }
    java.util.Arrays.fill(mask, 1);
    MaskedLm m = new MlmCollator(SP, new MlmOptions(p, 0.8, 0.1, true)).mask(ids, mask, 1, seq, 3);
    assertThat(m.maskedPositions()).hasSize(expected);
  }

  @org.junit.jupiter.api.Test
  void sameSeedSameMaskDifferentSeedDifferentMask() {
    long[][] b = batch(20, 40);
    MlmCollator c = new MlmCollator(SP, MlmOptions.defaults());
    assertThat(c.mask(b[0], b[1], 20, 40, 5).inputIds())
        .isEqualTo(c.mask(b[0], b[1], 20, 40, 5).inputIds());
    assertThat(c.mask(b[0], b[1], 20, 40, 5).labels())
        .isNotEqualTo(c.mask(b[0], b[1], 20, 40, 6).labels());
  }

  @org.junit.jupiter.api.Test
  void rejectsRatesThatDoNotAddUp() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MlmOptions(0.15, 0.8, 0.3, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 1");
  }
}
