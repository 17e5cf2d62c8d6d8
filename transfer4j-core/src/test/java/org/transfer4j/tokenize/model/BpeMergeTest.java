package org.transfer4j.tokenize.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The heap merge loop (long words) gives exactly the rescan loop's result (brute force). */
class BpeMergeTest {
  @Test
  void heapEqualsRescanOnRandomWordsAndMerges() {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int trial = 0; trial < 300; trial++) {
      int alphabet = 2 + rnd.nextInt(4);
      LongIntMap ranks = new LongIntMap(64);
      int[] merged = new int[40];
      int nextId = alphabet;
      for (int r = 0; r < merged.length; r++) {
        int a = rnd.nextInt(nextId);
        int b = rnd.nextInt(nextId);
        long key = ((long) a << 32) | b;
        if (!ranks.containsKey(key)) {
          ranks.put(key, r);
          merged[r] = nextId++;
        }
      }
      int n = 1 + rnd.nextInt(200);
      int[] ids = new int[n];
      int[] st = new int[n];
      int[] en = new int[n];
      for (int k = 0; k < n; k++) {
        ids[k] = rnd.nextInt(alphabet);
        st[k] = k;
        en[k] = k + 1;
      }
      int[] ids2 = ids.clone();
      int[] st2 = st.clone();
      int[] en2 = en.clone();
      int m1 = BpeMerge.simple(ranks, merged, ids, st, en, n);
      int m2 = BpeMerge.withHeap(ranks, merged, ids2, st2, en2, n);
      assertThat(m2).isEqualTo(m1);
      assertThat(Arrays.copyOf(ids2, m2)).isEqualTo(Arrays.copyOf(ids, m1));
      assertThat(Arrays.copyOf(st2, m2)).isEqualTo(Arrays.copyOf(st, m1));
      assertThat(Arrays.copyOf(en2, m2)).isEqualTo(Arrays.copyOf(en, m1));
    }
  }
}
