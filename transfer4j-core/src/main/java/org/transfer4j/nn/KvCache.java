package org.transfer4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Past attention keys and values of a decoder, one pair per layer, each {@code (batch, heads,
 * capacity, headDim)}, for incremental decoding: at each step only the new tokens are run through
 * the model and attend to the cached positions. The buffers are allocated once with the final
 * capacity and written in place, so a step costs no reallocation or copy of the past.
 *
 * <pre>{@code
 * try (KvCache cache = new KvCache(manager, layers, batch, heads, promptLength + maxNewTokens, headDim)) {
 *   NDArray logits = model.forward(promptIds, null, cache); // fills positions [0, prompt)
 *   ...                                                    // then one token per call
 * }
 * }</pre>
 */
public final class KvCache implements org.transfer4j.model.DecodingCache {
  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private final int[] lengths;
  private final int capacity;

  public KvCache(NDManager parent, int layers, int batch, int heads, int capacity, int headDim) {
    if (layers <= 0 || batch <= 0 || heads <= 0 || capacity <= 0 || headDim <= 0) {
      throw new IllegalArgumentException("cache dimensions must be > 0");
    }
    this.manager = parent.newSubManager();
    this.capacity = capacity;
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
    this.lengths = new int[layers];
    Shape shape = new Shape(batch, heads, capacity, headDim);
    for (int i = 0; i < layers; i++) {
      keys[i] = manager.zeros(shape, DataType.FLOAT32);
      values[i] = manager.zeros(shape, DataType.FLOAT32);
    }
  }

  /** Positions cached so far (in layer 0; all layers agree between forward calls). */
  @Override
  public int length() {
    return lengths[0];
  }

  public int capacity() {
    return capacity;
  }

  public int layers() {
    return keys.length;
  }

  public long batchSize() {
    return keys[0].getShape().get(0);
  }

  /**
   * Writes this step's keys and values {@code (batch, heads, t, headDim)} of one layer after the
   * cached positions and returns views of all positions so far, {@code (batch, heads, past + t,
   * headDim)}, owned by {@code step}.
   */
  public NDArray[] append(int layer, NDArray k, NDArray v, NDManager step) {
    int past = lengths[layer];
    int t = (int) k.getShape().get(2);
    if (past + t > capacity) {
      throw new IllegalStateException(
          "KV cache full: " + past + " + " + t + " positions exceed its capacity " + capacity);
    }
    NDIndex slot = new NDIndex(":, :, {}:{}", past, past + t);
    keys[layer].set(slot, k);
    values[layer].set(slot, v);
    lengths[layer] = past + t;
    NDIndex all = new NDIndex(":, :, :{}", past + t);
    return new NDArray[] {keys[layer].get(step, all), values[layer].get(step, all)};
  }

  /**
   * Reorders the batch rows (beam search: row {@code i} becomes old row {@code index[i]}); {@code
   * index} is an int64 vector of length batch.
   */
  @Override
  public void reorder(NDArray index) {
    for (int i = 0; i < keys.length; i++) {
      NDArray k = keys[i].get(manager, new NDIndex("{}", index));
      NDArray v = values[i].get(manager, new NDIndex("{}", index));
      keys[i].close();
      values[i].close();
      keys[i] = k;
      values[i] = v;
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
