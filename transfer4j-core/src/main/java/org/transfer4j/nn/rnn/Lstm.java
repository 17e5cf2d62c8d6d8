package org.transfer4j.nn.rnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.transfer4j.nn.Dropout;
import org.transfer4j.nn.Module;

/**
 * A multi-layer LSTM, one or two directions, exact under padding: every sequence gives the same
 * outputs alone and right-padded inside a batch. The forward direction keeps each row's state
 * frozen past its length; the backward direction runs the forward recurrence over each row's tokens
 * reversed within its own length (so it starts at the row's last real token, not at the padding),
 * then reverses back. Padded positions of the output are zero. Dropout between layers, not after
 * the last, as PyTorch's {@code nn.LSTM(dropout=p)}. Parameter names are PyTorch's ({@code
 * weight_ih_l0}, {@code weight_hh_l0_reverse}, ...), so its state dict loads unchanged.
 *
 * <pre>{@code
 * Lstm lstm = new Lstm(manager, 300, 128, 2, true, 0.2f);
 * NDArray out = lstm.forward(x, lengths); // (batch, seq, 300) -> (batch, seq, 256)
 * }</pre>
 */
public final class Lstm extends Module {
  private final List<LstmCell[]> layers = new ArrayList<>();
  private final int hidden;
  private final boolean bidirectional;
  private final float dropout;

  public Lstm(
      NDManager manager,
      int input,
      int hidden,
      int numLayers,
      boolean bidirectional,
      float dropout) {
    if (numLayers < 1) {
      throw new IllegalArgumentException("an LSTM needs at least one layer, got " + numLayers);
    }
    this.hidden = hidden;
    this.bidirectional = bidirectional;
    this.dropout = dropout;
    int dirs = bidirectional ? 2 : 1;
    for (int l = 0; l < numLayers; l++) {
      int in = l == 0 ? input : hidden * dirs;
      LstmCell[] cells = new LstmCell[dirs];
      for (int d = 0; d < dirs; d++) {
        cells[d] = new LstmCell(manager, in, hidden);
        String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
        addParameter("weight_ih" + suffix, cells[d].weightIh());
        addParameter("weight_hh" + suffix, cells[d].weightHh());
        addParameter("bias_ih" + suffix, cells[d].biasIh());
        addParameter("bias_hh" + suffix, cells[d].biasHh());
      }
      layers.add(cells);
    }
  }

  /** Output features per position: hidden size times directions. */
  public int outputSize() {
    return hidden * (bidirectional ? 2 : 1);
  }

  /**
   * {@code x (batch, seq, in)} with {@code lengths[b]} real positions at the start of row b;
   * returns {@code (batch, seq, outputSize)} in x's manager, zero at padded positions.
   */
  public NDArray forward(NDArray x, int[] lengths) {
    NDManager m = x.getManager();
    long batch = x.getShape().get(0);
    int seq = (int) x.getShape().get(1);
    if (lengths.length != batch) {
      throw new IllegalArgumentException(lengths.length + " lengths for a batch of " + batch);
    }
    // (seq, batch, 1): 1 where position t is real in row b
    float[] maskData = new float[seq * (int) batch];
    long[] rev = new long[(int) batch * seq];
    for (int b = 0; b < batch; b++) {
      int len = Math.min(lengths[b], seq);
      for (int t = 0; t < seq; t++) {
        maskData[t * (int) batch + b] = t < len ? 1f : 0f;
        rev[b * seq + t] = t < len ? len - 1 - t : t;
      }
    }
    NDArray stepMask = m.create(maskData, new Shape(seq, batch, 1));
    NDArray outMask = stepMask.transpose(1, 0, 2); // (batch, seq, 1)
    NDArray revIndex = bidirectional ? m.create(rev, new Shape(batch, seq, 1)) : null;
    NDArray h = x;
    for (int l = 0; l < layers.size(); l++) {
      if (l > 0) {
        h = Dropout.apply(h, dropout, isTraining());
      }
      LstmCell[] cells = layers.get(l);
      NDArray fwd = run(cells[0], h, stepMask, batch, seq);
      if (bidirectional) {
        NDArray reversed = reverse(h, revIndex);
        NDArray bwd = reverse(run(cells[1], reversed, stepMask, batch, seq), revIndex);
        h = fwd.concat(bwd, 2);
      } else {
        h = fwd;
      }
      h = h.mul(outMask);
    }
    return h;
  }

  /** Reverses each row within its length; the permutation is its own inverse. */
  private static NDArray reverse(NDArray x, NDArray revIndex) {
    NDArray idx = revIndex.broadcast(x.getShape()); // (batch, seq, features)
    return x.gather(idx, 1);
  }

  /** One direction over {@code x (batch, seq, in)}; returns {@code (batch, seq, H)}. */
  private NDArray run(LstmCell cell, NDArray x, NDArray stepMask, long batch, int seq) {
    NDManager m = x.getManager();
    NDArray xp = cell.projectInput(x); // (batch, seq, 4H)
    NDArray h = m.zeros(new Shape(batch, hidden), DataType.FLOAT32);
    NDArray c = m.zeros(new Shape(batch, hidden), DataType.FLOAT32);
    NDList outs = new NDList(seq);
    for (int t = 0; t < seq; t++) {
      NDArray[] hc = cell.step(xp.get(new NDIndex(":, {}", t)), h, c);
      NDArray keep = stepMask.get(t); // (batch, 1)
      NDArray drop = keep.neg().add(1f);
      // Past a row's end its state stays as it was, so padding never leaks into it.
      h = hc[0].mul(keep).add(h.mul(drop));
      c = hc[1].mul(keep).add(c.mul(drop));
      outs.add(h);
    }
    return NDArrays.stack(outs, 1);
  }
}
