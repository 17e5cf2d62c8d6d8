package org.transfer4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.transfer4j.engine.Bootstrap;

class FineTuneBatcherTest {
  private static final SpecialTokens SP = TestCorpus.SPECIALS;

  private static List<EncodedExample> sequences(int n) {
    SplittableRandom rng = new SplittableRandom(4);
    List<EncodedExample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] a = rng.ints(rng.nextInt(1, 60), 5, 1000).toArray();
      int[] b = rng.ints(rng.nextInt(1, 20), 5, 1000).toArray();
      out.add(EncodedExample.sequence(BertLayout.encodePair(a, b, SP, 64), i % 3));
    }
    return out;
  }

  @ParameterizedTest(name = "bucket={0}")
  @ValueSource(booleans = {true, false})
  void epochCoversEveryExampleOnceAndPadsToTheLongest(boolean bucket) {
    List<EncodedExample> ex = sequences(301);
    FineTuneBatcher b = new FineTuneBatcher(SP.pad(), new BucketBatcher(16, 5, bucket));
    int[] seen = new int[ex.size()];
    for (int[] idx : b.plan(ex, 1, 0)) {
      FineTuneBatch batch = b.collate(ex, idx);
      int longest = 0;
      for (int r = 0; r < batch.batchSize(); r++) {
        EncodedExample e = ex.get(batch.indices()[r]);
        seen[batch.indices()[r]]++;
        longest = Math.max(longest, e.length());
        int[] ids = e.inputs().get(0).ids();
        for (int t = 0; t < batch.seqLen(); t++) {
          int i = r * batch.seqLen() + t;
          boolean real = t < ids.length;
          assertThat(batch.inputIds()[i]).isEqualTo(real ? ids[t] : SP.pad());
          assertThat(batch.attentionMask()[i]).isEqualTo(real ? 1 : 0);
          assertThat(batch.tokenTypeIds()[i]).isEqualTo(real ? e.inputs().get(0).typeIds()[t] : 0);
        }
        assertThat(batch.labels()[r]).isEqualTo(e.labels()[0]);
      }
      assertThat(batch.seqLen()).isEqualTo(longest);
    }
    assertThat(seen).containsOnly(1);
  }

  @Test
  void tokenLabelsArePaddedWithIgnore() {
    EncodedInput a = BertLayout.encodePair(new int[] {7, 8}, null, SP, 16);
    EncodedInput b = BertLayout.encodePair(new int[] {7, 8, 9, 10}, null, SP, 16);
    List<EncodedExample> ex =
        List.of(
            EncodedExample.tokens(a, new int[] {-100, 1, 2, -100}),
            EncodedExample.tokens(b, new int[] {-100, 1, 2, 3, 4, -100}));
    FineTuneBatch batch =
        new FineTuneBatcher(SP.pad(), BucketBatcher.bucketed(2)).inOrder(ex, 2).get(0);
    assertThat(batch.seqLen()).isEqualTo(6);
    assertThat(batch.labels())
        .containsExactly(-100, 1, 2, -100, -100, -100, -100, 1, 2, 3, 4, -100);
    assertThat(batch.labelShape().getShape()).containsExactly(2, 6);
  }

  @Test
  void pairTruncationIsLongestFirst() {
    int[] a = {10, 11, 12, 13, 14, 15};
    int[] b = {20, 21};
    EncodedInput in = BertLayout.encodePair(a, b, SP, 8);
    assertThat(in.ids()).containsExactly(2, 10, 11, 12, 3, 20, 21, 3);
    assertThat(in.typeIds()).containsExactly(0, 0, 0, 0, 0, 1, 1, 1);
    assertThat(BertLayout.encodePair(a, new int[] {20, 21, 22, 23, 24}, SP, 9).ids())
        .containsExactly(2, 10, 11, 12, 3, 20, 21, 22, 3);
  }

  @Test
  void toNDListShapes() {
    Bootstrap.init(Bootstrap.Options.defaults());
    List<EncodedExample> ex = sequences(5);
    FineTuneBatch batch =
        new FineTuneBatcher(SP.pad(), BucketBatcher.bucketed(8)).inOrder(ex, 8).get(0);
    try (NDManager m = NDManager.newBaseManager()) {
      NDList l = batch.toNDList(m);
      assertThat(l.get("input_ids").getShape().getShape()).containsExactly(5, batch.seqLen());
      assertThat(l.get("labels").toLongArray()).containsExactly(batch.labels());
      assertThat(l.get("attention_mask").toLongArray()).containsExactly(batch.attentionMask());
    }
  }
}
