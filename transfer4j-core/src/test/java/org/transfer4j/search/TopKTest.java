package org.transfer4j.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopKTest {
  @Test
  void keepsTheBestFirstWithTiesToTheLowerRowAndEmptiesForReuse() {
    TopK top = new TopK(3);
    float[] scores = {0.5f, 0.9f, 0.5f, 0.1f, 0.9f, 0.7f};
    for (int r = 0; r < scores.length; r++) {
      top.offer(r, scores[r]);
    }
    assertThat(top.drain()).containsExactly(new Hit(1, 0.9f), new Hit(4, 0.9f), new Hit(5, 0.7f));
    assertThat(top.size()).isZero();
    top.offer(7, -1f);
    assertThat(top.drain()).containsExactly(new Hit(7, -1f));
  }
}
