package org.transfer4j.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.transfer4j.data.BucketBatcher;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.data.EncodedInput;
import org.transfer4j.data.FineTuneBatcher;

/** Batches cut by length, results back in the examples' order. */
class TaskForwardTest {
  /**
   * Regression (predict-pads-to-longest): batches in file order padded every short text to the
   * longest of its batch; now each batch holds texts of neighbouring lengths, and each example
   * still gets its own output.
   */
  @Test
  void batchesAreSortedByLengthAndOutputsKeepTheInputOrder() {
    int[] lengths = {9, 3, 7, 3, 12, 5, 3, 8, 4, 11};
    List<EncodedExample> examples = new ArrayList<>();
    for (int i = 0; i < lengths.length; i++) {
      int[] ids = new int[lengths[i]];
      java.util.Arrays.fill(ids, 100 + i); // each example's own id: the output names it
      examples.add(EncodedExample.unlabeled(new EncodedInput(ids, new int[lengths[i]])));
    }
    List<Integer> padded = new ArrayList<>();
    float[][] out =
        TaskForward.outputs(
            examples,
            new FineTuneBatcher(0, BucketBatcher.bucketed(3)),
            3,
            false,
            b -> {
              padded.add(b.seqLen());
              float[] flat = new float[b.batchSize()];
              for (int r = 0; r < b.batchSize(); r++) {
                flat[r] = b.inputIds()[r * b.seqLen()]; // the row's first id
              }
              return flat;
            });
    for (int i = 0; i < lengths.length; i++) {
      assertThat(out[i]).containsExactly(100f + i);
    }
    // Sorted lengths 3 3 3 | 4 5 7 | 8 9 11 | 12: each batch padded to its own longest.
    assertThat(padded).containsExactly(3, 7, 11, 12);
    assertThat(TaskForward.byLength(examples)).containsExactly(1, 3, 6, 8, 5, 2, 7, 0, 9, 4);
  }
}
