package org.transfer4j.nn.rnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.engine.Bootstrap;

class LstmTest {
  @BeforeAll
  static void engine() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
  }

  /** One step with hand-set weights, against the equations computed in double precision. */
  @Test
  void cellStepMatchesHandComputation() {
    try (NDManager m = NDManager.newBaseManager()) {
      LstmCell cell = new LstmCell(m, 2, 1);
      // gates i, f, g, o: one row each of weight_ih (4, 2), weight_hh (4, 1)
      float[] wih = {0.5f, -0.25f, 0.1f, 0.2f, -0.3f, 0.8f, 0.7f, 0.05f};
      float[] whh = {0.4f, -0.6f, 0.9f, 0.3f};
      float[] bih = {0.1f, 0.2f, -0.1f, 0f};
      float[] bhh = {0f, 0.5f, 0.05f, -0.2f};
      cell.weightIh().copyFrom(m.create(wih, new Shape(4, 2)));
      cell.weightHh().copyFrom(m.create(whh, new Shape(4, 1)));
      cell.biasIh().copyFrom(m.create(bih));
      cell.biasHh().copyFrom(m.create(bhh));
      double[] x = {1.5, -2.0};
      double h = 0.3;
      double c = -0.7;
      double[] pre = new double[4];
      for (int k = 0; k < 4; k++) {
        pre[k] = wih[2 * k] * x[0] + wih[2 * k + 1] * x[1] + whh[k] * h + bih[k] + bhh[k];
      }
      double i = sig(pre[0]);
      double f = sig(pre[1]);
      double g = Math.tanh(pre[2]);
      double o = sig(pre[3]);
      double c2 = f * c + i * g;
      double h2 = o * Math.tanh(c2);

      NDArray xp = cell.projectInput(m.create(new float[] {1.5f, -2f}, new Shape(1, 2)));
      NDArray[] hc =
          cell.step(
              xp,
              m.create(new float[] {0.3f}, new Shape(1, 1)),
              m.create(new float[] {-0.7f}, new Shape(1, 1)));
      assertThat(hc[0].getFloat(0, 0)).isCloseTo((float) h2, offset(1e-6f));
      assertThat(hc[1].getFloat(0, 0)).isCloseTo((float) c2, offset(1e-6f));
    }
  }

  private static double sig(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  /**
   * Regression for padding leaks: each sequence alone equals the same sequence inside a padded
   * batch (with non-zero garbage in the padding), in both directions and every layer.
   */
  @ParameterizedTest(name = "bidirectional={0}, layers={1}")
  @CsvSource({"false, 1", "true, 1", "true, 2"})
  void paddingNeverChangesTheOutputs(boolean bidirectional, int layers) {
    try (NDManager m = NDManager.newBaseManager()) {
      Lstm lstm = new Lstm(m, 3, 4, layers, bidirectional, 0.5f);
      lstm.train(false);
      int[] lengths = {5, 2, 7};
      int seq = 7;
      Random r = new Random(1);
      float[] data = new float[3 * seq * 3];
      for (int k = 0; k < data.length; k++) {
        data[k] = (float) r.nextGaussian();
      }
      NDArray batch = m.create(data, new Shape(3, seq, 3));
      NDArray out = lstm.forward(batch, lengths);
      assertThat(out.getShape()).isEqualTo(new Shape(3, seq, lstm.outputSize()));
      for (int b = 0; b < 3; b++) {
        NDArray alone = batch.get(new NDIndex("{}:{}, :{}", b, b + 1, lengths[b]));
        NDArray expected = lstm.forward(alone, new int[] {lengths[b]});
        NDArray got = out.get(new NDIndex("{}:{}, :{}", b, b + 1, lengths[b]));
        float[] e = expected.toFloatArray();
        float[] g = got.toFloatArray();
        for (int k = 0; k < e.length; k++) {
          assertThat(g[k]).as("row %d element %d", b, k).isCloseTo(e[k], offset(1e-5f));
        }
        if (lengths[b] < seq) {
          NDArray pad = out.get(new NDIndex("{}, {}:", b, lengths[b]));
          assertThat(pad.abs().max().getFloat()).isZero();
        }
      }
    }
  }

  /** The backward direction reads the row from its last real token: reversing it changes h. */
  @Test
  void backwardDirectionStartsAtTheLastRealToken() {
    try (NDManager m = NDManager.newBaseManager()) {
      Lstm lstm = new Lstm(m, 2, 3, 1, true, 0f);
      float[] a = {1, 0, 0, 1, 0.5f, 0.5f};
      NDArray x = m.create(a, new Shape(1, 3, 2));
      NDArray out = lstm.forward(x, new int[] {3});
      // the backward output at the last position has seen one token only: it equals the forward
      // pass of the reverse cell over that single token.
      NDArray last = m.create(new float[] {0.5f, 0.5f}, new Shape(1, 1, 2));
      NDArray single = lstm.forward(last, new int[] {1});
      assertThat(out.getFloat(0, 2, 4)).isCloseTo(single.getFloat(0, 0, 4), offset(1e-6f));
    }
  }

  /**
   * PyTorch's {@code nn.LSTM(3, 4, num_layers=2, bidirectional=True)} with biases through {@code
   * pack_padded_sequence} (bench/peer/lstm_fixture.py) is the oracle: same weights by name, same
   * padded batch, same outputs. This is the case DJL's bidirectional LSTM gets wrong.
   */
  @Test
  void matchesPyTorchBidirectionalTwoLayerLstm() throws java.io.IOException {
    com.google.gson.JsonObject f;
    try (var in = LstmTest.class.getResourceAsStream("lstm-torch.json")) {
      f =
          com.google.gson.JsonParser.parseString(
                  new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
              .getAsJsonObject();
    }
    try (NDManager m = NDManager.newBaseManager()) {
      Lstm lstm = new Lstm(m, 3, 4, 2, true, 0.5f);
      lstm.train(false);
      var params = f.getAsJsonObject("parameters");
      assertThat(lstm.namedParameters().keySet()).isEqualTo(params.keySet());
      lstm.namedParameters()
          .forEach(
              (name, p) -> p.copyFrom(m.create(floats(params.getAsJsonArray(name)), p.shape())));
      int[] lengths = new int[3];
      for (int i = 0; i < 3; i++) {
        lengths[i] = f.getAsJsonArray("lengths").get(i).getAsInt();
      }
      NDArray x = m.create(floats(f.getAsJsonArray("input")), new Shape(3, 7, 3));
      float[] got = lstm.forward(x, lengths).toFloatArray();
      float[] want = floats(f.getAsJsonArray("output"));
      assertThat(got).hasSameSizeAs(want);
      for (int i = 0; i < want.length; i++) {
        assertThat(got[i]).as("output element %d", i).isCloseTo(want[i], offset(1e-5f));
      }
    }
  }

  private static float[] floats(com.google.gson.JsonArray a) {
    float[] v = new float[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).getAsFloat();
    }
    return v;
  }

  @Test
  void gradientsReachEveryParameter() {
    try (NDManager m = NDManager.newBaseManager()) {
      Lstm lstm = new Lstm(m, 2, 3, 2, true, 0f);
      NDArray x = m.randomNormal(new Shape(2, 4, 2));
      try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        NDArray loss = lstm.forward(x, new int[] {4, 2}).sum();
        gc.backward(loss);
      }
      lstm.namedParameters()
          .forEach(
              (name, p) ->
                  assertThat(p.value().getGradient().abs().sum().getFloat())
                      .as(name)
                      .isGreaterThan(0f));
      assertThat(lstm.namedParameters()).containsKeys("weight_ih_l1_reverse", "bias_hh_l0");
    }
  }
}
