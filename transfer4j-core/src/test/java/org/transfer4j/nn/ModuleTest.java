package org.transfer4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.transfer4j.engine.Bootstrap;

class ModuleTest {
  static final class Tied extends Module {
    final Linear a;
    final Linear b;

    Tied(NDManager m) {
      a = addModule("a", new Linear(m, 3, 2, true, 0.02f));
      b = addModule("b", new Linear(m, 2, 3, false, 0.02f));
      addParameter("shared", a.weight());
    }
  }

  @Test
  void namesAreDottedAndTiedWeightsAppearOnce() {
    Bootstrap.init(Bootstrap.Options.defaults());
    try (NDManager m = NDManager.newBaseManager()) {
      Tied t = new Tied(m);
      assertThat(t.namedParameters().keySet()).containsExactly("shared", "a.bias", "b.weight");
      assertThat(t.parameterCount()).isEqualTo(6 + 2 + 6);
      t.train(false);
      assertThat(t.a.isTraining()).isFalse();
    }
  }

  @Test
  void linearMatchesClosedFormAndGradientsFlow() {
    Bootstrap.init(Bootstrap.Options.defaults());
    try (NDManager m = NDManager.newBaseManager()) {
      Linear l = new Linear(m, 2, 2, true, 0.02f);
      l.weight().copyFrom(m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2)));
      l.bias().copyFrom(m.create(new float[] {0.5f, -0.5f}));
      NDArray x = m.create(new float[] {1, 1}, new Shape(1, 2));
      try (GradientCollector gc = Bootstrap.engine().newGradientCollector()) {
        NDArray y = l.forward(x);
        assertThat(y.toFloatArray()).containsExactly(3.5f, 6.5f);
        gc.backward(y.sum());
      }
      assertThat(l.weight().value().getGradient().toFloatArray()).containsExactly(1f, 1f, 1f, 1f);
      assertThat(l.bias().value().getGradient().toFloatArray()).containsExactly(1f, 1f);
    }
  }
}
