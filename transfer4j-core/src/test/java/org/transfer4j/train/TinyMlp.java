package org.transfer4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.transfer4j.nn.Linear;
import org.transfer4j.nn.Module;

/** A 2-layer MLP (optional dropout) and a synthetic regression set for trainer tests. */
final class TinyMlp extends Module {
  static final int IN = 4;
  final Linear fc1;
  final Linear fc2;
  final float dropout;

  TinyMlp(NDManager m, int hidden, float dropout) {
    fc1 = addModule("fc1", new Linear(m, IN, hidden, true, 0.5f));
    fc2 = addModule("fc2", new Linear(m, hidden, 1, true, 0.5f));
    this.dropout = dropout;
  }

  NDArray forward(NDArray x) { // (batch, IN) -> (batch, 1)
    NDArray h = ai.djl.nn.Activation.relu(fc1.forward(x));
    if (dropout > 0) {
      h = ai.djl.nn.norm.Dropout.dropout(h, dropout, isTraining()).singletonOrThrow();
    }
    return fc2.forward(h);
  }

  /** y = x . (1, -2, 0.5, 3) + 0.1 noise, fixed by the seed. */
  record Data(float[][] x, float[] y) {
    static Data make(int n, long seed) {
      Random r = new Random(seed);
      float[][] x = new float[n][IN];
      float[] y = new float[n];
      float[] w = {1f, -2f, 0.5f, 3f};
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < IN; j++) {
          x[i][j] = (float) r.nextGaussian();
          y[i] += w[j] * x[i][j];
        }
        y[i] += 0.1f * (float) r.nextGaussian();
      }
      return new Data(x, y);
    }

    NDArray features(int[] idx, NDManager m) {
      float[] flat = new float[idx.length * IN];
      for (int i = 0; i < idx.length; i++) {
        System.arraycopy(x[idx[i]], 0, flat, i * IN, IN);
      }
      return m.create(flat, new Shape(idx.length, IN));
    }

    NDArray targets(int[] idx, NDManager m) {
      float[] t = new float[idx.length];
      for (int i = 0; i < idx.length; i++) {
        t[i] = y[idx[i]];
      }
      return m.create(t, new Shape(idx.length, 1));
    }
  }

  /** Mean squared error over the batch. */
  StepFunction<int[]> mse(Data d) {
    return (idx, m) -> {
      NDArray out = forward(d.features(idx, m));
      NDArray loss = out.sub(d.targets(idx, m)).square().mean();
      return StepResult.of(loss, idx.length, out);
    };
  }
}
