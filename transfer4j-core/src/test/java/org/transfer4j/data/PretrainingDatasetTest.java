package org.transfer4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;

class PretrainingDatasetTest {
  private static final SpecialTokens SP = TestCorpus.SPECIALS;
  @TempDir Path tmp;
  private int[][] lines;
  private TokenCache cache;

  @BeforeEach
  void build() throws Exception {
    lines = TestCorpus.randomLines(3000, 1, 100, 21);
    Path corpus = TestCorpus.write(tmp.resolve("c.txt"), lines);
    cache =
        TokenCache.openOrBuild(tmp.resolve("cache"), List.of(corpus), TestCorpus.NUMBERS, "f", 2);
  }

  private PretrainingDataset data(int maxLength, int batch) {
    return new PretrainingDataset(
        cache, SP, PretrainingDataset.Options.defaults(maxLength, batch, 77));
  }

  @Test
  void defaultMinimumLengthIsFiveAndShorterLinesAreDropped() {
    PretrainingDataset d = data(64, 16);
    assertThat(d.options().minLength()).isEqualTo(5);
    long expected = Arrays.stream(lines).filter(l -> l.length >= 5).count();
    assertThat(d.examples()).isEqualTo((int) expected);
    assertThat(d.skippedShort()).isEqualTo(lines.length - expected);
  }

  @Test
  void layoutIsClsASepBSepWithTypeIdsAndHalvesOfAWindow() {
    PretrainingDataset d = data(64, 16);
    int window = 64 - 3;
    for (int k = 0; k < d.examples(); k++) {
      PretrainingDataset.Example e = d.example(k, 3);
      int[] ids = e.ids();
      int seg = ids.length - 3;
      int line = findLine(d, k);
      assertThat(seg).isEqualTo(Math.min(lines[line].length, window));
      assertThat(ids[0]).isEqualTo(SP.cls());
      assertThat(ids[ids.length - 1]).isEqualTo(SP.sep());
      int sepAt = 1;
      while (ids[sepAt] != SP.sep()) {
        sepAt++;
      }
      int aLen = sepAt - 1;
      int half = seg / 2;
      assertThat(aLen).isEqualTo(e.swapped() ? seg - half : half);
      for (int j = 0; j < ids.length; j++) {
        assertThat(e.typeIds()[j]).as("type id at %d", j).isEqualTo(j <= sepAt ? 0 : 1);
      }
      // Unswapped: A + B is a contiguous window of the line; swapped: B + A is.
      int[] a = Arrays.copyOfRange(ids, 1, sepAt);
      int[] b = Arrays.copyOfRange(ids, sepAt + 1, ids.length - 1);
      int[] joined = e.swapped() ? concat(b, a) : concat(a, b);
      assertThat(indexOf(lines[line], joined)).as("window of line %d", line).isNotNegative();
    }
  }

  @Test
  void swapRateIsNearHalf() {
    PretrainingDataset d = data(64, 16);
    int swapped = 0;
    int total = 0;
    for (int epoch = 0; epoch < 5; epoch++) {
      for (int k = 0; k < d.examples(); k++) {
        swapped += d.example(k, epoch).swapped() ? 1 : 0;
        total++;
      }
    }
    assertThat((double) swapped / total).isCloseTo(0.5, within(0.02));
  }

  @Test
  void everyExampleOncePerEpochPaddedToLongestAndResumable() {
    PretrainingDataset d = data(48, 32);
    int[] seen = new int[lines.length];
    int batches = 0;
    for (Iterator<PretrainingBatch> it = d.iterator(1, 0); it.hasNext(); ) {
      PretrainingBatch b = it.next();
      assertThat(b.index()).isEqualTo(batches++);
      int longest = 0;
      for (int r = 0; r < b.batchSize(); r++) {
        seen[(int) b.lines()[r]]++;
        int real = 0;
        for (int t = 0; t < b.seqLen(); t++) {
          real += (int) b.attentionMask()[r * b.seqLen() + t];
        }
        longest = Math.max(longest, real);
        assertThat(b.sentenceOrderLabels()[r]).isBetween(0L, 1L);
      }
      assertThat(longest).as("padded to the longest of the batch").isEqualTo(b.seqLen());
      assertThat(b.seqLen()).isLessThanOrEqualTo(48);
    }
    assertThat(batches).isEqualTo(d.batchesPerEpoch());
    for (int i = 0; i < lines.length; i++) {
      assertThat(seen[i]).as("line %d", i).isEqualTo(lines[i].length >= 5 ? 1 : 0);
    }
    // Resume at batch 7 of epoch 1 gives the same batches as the uninterrupted run.
    PretrainingDataset fresh = data(48, 32);
    Iterator<PretrainingBatch> resumed = fresh.iterator(1, 7);
    PretrainingBatch r = resumed.next();
    PretrainingBatch o = d.batch(1, 7);
    assertThat(r.inputIds()).isEqualTo(o.inputIds());
    assertThat(r.mlmLabels()).isEqualTo(o.mlmLabels());
    assertThat(r.sentenceOrderLabels()).isEqualTo(o.sentenceOrderLabels());
  }

  @Test
  void toNDListHasTheDocumentedNamesAndShapes() {
    org.transfer4j.engine.Bootstrap.init(org.transfer4j.engine.Bootstrap.Options.defaults());
    PretrainingBatch b = data(32, 8).batch(0, 0);
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      ai.djl.ndarray.NDList l = b.toNDList(m);
      assertThat(l.get("input_ids").getShape().getShape()).containsExactly(8, b.seqLen());
      assertThat(l.get("labels").toLongArray()).containsExactly(b.mlmLabels());
      assertThat(l.get("masked_positions").toLongArray()).containsExactly(b.maskedPositions());
      assertThat(l.get("sentence_order_label").getShape().getShape()).containsExactly(8);
      // Gathering the flat input ids at the masked positions gives what the model sees there.
      ai.djl.ndarray.NDArray flat = l.get("labels").flatten();
      assertThat(flat.get(l.get("masked_positions")).toLongArray())
          .containsExactly(b.maskedLabels());
    }
  }

  @Test
  void streamRunsIntoTheNextEpochAndResumesFromASavedPosition() {
    PretrainingDataset d = data(32, 256);
    int perEpoch = d.batchesPerEpoch();
    Iterator<PretrainingBatch> it = d.stream(0, perEpoch - 1);
    PretrainingBatch last = it.next();
    PretrainingBatch first = it.next();
    assertThat(last.epoch()).isZero();
    assertThat(last.index()).isEqualTo(perEpoch - 1);
    assertThat(first.epoch()).isEqualTo(1);
    assertThat(first.index()).isZero();
    PretrainingBatch resumed = d.stream(first.epoch(), first.index() + 1).next();
    assertThat(resumed.inputIds()).isEqualTo(it.next().inputIds());
  }

  @Test
  void noLineLongEnoughIsBadInput() throws Exception {
    Path corpus = tmp.resolve("short.txt");
    Files.writeString(corpus, "5 6\n7 8 9\n10\n");
    TokenCache small =
        TokenCache.openOrBuild(tmp.resolve("c2"), List.of(corpus), TestCorpus.NUMBERS, "f", 1);
    assertThatThrownBy(
            () -> new PretrainingDataset(small, SP, PretrainingDataset.Options.defaults(32, 4, 1)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("minimum length of 5")
        .hasMessageContaining("longest has 3");
  }

  private int findLine(PretrainingDataset d, int k) {
    // Examples are the lines of length >= min, in order.
    int seen = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].length >= d.options().minLength() && ++seen == k) {
        return i;
      }
    }
    throw new AssertionError();
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static int indexOf(int[] hay, int[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
