package org.transfer4j.nn.crf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.transfer4j.eval.TagScheme;

/** Hand-written tables of each scheme's allowed starts, ends and transitions. */
class TransitionConstraintsTest {
  private static final List<String> BI = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
  private static final List<String> BIES =
      List.of("O", "B-PER", "I-PER", "E-PER", "S-PER", "B-LOC", "E-LOC", "S-LOC");

  static List<Arguments> tables() {
    return List.of(
        Arguments.of(
            TagScheme.IOB2,
            BI,
            "11010",
            "11111",
            new String[] {
              // to: O B-P I-P B-L I-L   (rows: from)
              "11010", // O
              "11110", // B-PER
              "11110", // I-PER
              "11011", // B-LOC
              "11011", // I-LOC
            }),
        Arguments.of(
            TagScheme.IOB1,
            BI,
            "10101",
            "11111",
            new String[] {
              "10101", // O: B-X needs a preceding X
              "11101", // B-PER -> B-PER allowed, B-LOC not
              "11101", // I-PER
              "10111", // B-LOC
              "10111", // I-LOC
            }),
        Arguments.of(
            TagScheme.IOBES,
            BIES,
            "11001101",
            "10011011",
            new String[] {
              // to: O B-P I-P E-P S-P B-L E-L S-L
              "11001101", // O
              "00110000", // B-PER: only I-PER or E-PER
              "00110000", // I-PER
              "11001101", // E-PER
              "11001101", // S-PER
              "00000010", // B-LOC: only E-LOC (no I-LOC in this label set)
              "11001101", // E-LOC
              "11001101", // S-LOC
            }),
        Arguments.of(
            TagScheme.IO,
            List.of("O", "PER", "LOC"),
            "111",
            "111",
            new String[] {"111", "111", "111"}));
  }

  @ParameterizedTest
  @MethodSource("tables")
  void forbidsExactlyTheInvalidTransitions(
      TagScheme scheme, List<String> labels, String start, String end, String[] table) {
    TransitionConstraints c = TransitionConstraints.of(labels, scheme);
    assertThat(bits(c.start())).as("start").isEqualTo(start);
    assertThat(bits(c.end())).as("end").isEqualTo(end);
    for (int i = 0; i < labels.size(); i++) {
      assertThat(bits(c.transitions()[i])).as("from %s", labels.get(i)).isEqualTo(table[i]);
    }
  }

  private static String bits(boolean[] b) {
    StringBuilder s = new StringBuilder();
    for (boolean v : b) {
      s.append(v ? '1' : '0');
    }
    return s.toString();
  }
}
