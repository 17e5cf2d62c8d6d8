package org.transfer4j.pretrain;

import java.util.Iterator;
import org.transfer4j.data.PretrainingBatch;
import org.transfer4j.data.PretrainingDataset;
import org.transfer4j.train.BatchSource;

/**
 * A {@link PretrainingDataset} as the trainer's batch source. The dataset's order depends on its
 * own seed (the run seed it was built with), epoch and batch index, so {@code batches(seed, e, k)}
 * resumes exactly at batch k.
 */
final class PretrainingBatches implements BatchSource<PretrainingBatch> {
  private final PretrainingDataset dataset;

  PretrainingBatches(PretrainingDataset dataset) {
    this.dataset = dataset;
  }

  @Override
  public int batchesPerEpoch() {
    return dataset.batchesPerEpoch();
  }

  @Override
  public Iterator<PretrainingBatch> batches(long seed, int epoch, int start) {
    return dataset.iterator(epoch, start);
  }
}
