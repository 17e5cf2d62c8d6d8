package org.transfer4j.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Nearest neighbours and analogies on a hand-made table with hand-computed cosines. */
class WordVectorsTest {
  // man (1,0,0), woman (1,1,0), king (1,0,1), queen (1,1,1), apple (0,0,-1)
  private final WordVectors v =
      WordVectors.of(
          List.of("man", "woman", "king", "queen", "apple"),
          new float[] {1, 0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, -1},
          3);

  @Test
  void nearestByCosine() {
    List<WordVectors.Neighbour> n = v.nearest("king", 4);
    // cos(king, queen) = 2/(sqrt2*sqrt3) = 0.8165; man = 1/sqrt2 = 0.7071; woman = 0.5;
    // apple = -1/sqrt2
    assertThat(n)
        .extracting(WordVectors.Neighbour::word)
        .containsExactly("queen", "man", "woman", "apple");
    assertThat(n.get(0).cosine()).isCloseTo(0.8165f, within(1e-4f));
    assertThat(n.get(3).cosine()).isCloseTo(-0.7071f, within(1e-4f));
    assertThat(v.nearest("king", 1)).hasSize(1);
  }

  @Test
  void analogyIsThreeCosAdd() {
    // man : king :: woman : ? ; q = unit(king) - unit(man) + unit(woman)
    //   = (0.7071 - 1 + 0.7071, 0.7071, 0.7071) = (0.4142, 0.7071, 0.7071), |q| = 1.0824;
    // cos(q, queen) = (0.4142 + 1.4142) / (1.0824 * sqrt3) = 0.9753.
    List<WordVectors.Neighbour> a = v.analogy("man", "king", "woman", 2);
    assertThat(a.get(0).word()).isEqualTo("queen");
    assertThat(a.get(0).cosine()).isCloseTo(0.9753f, within(1e-4f));
    assertThat(a.get(1).word()).isEqualTo("apple");
  }
}
