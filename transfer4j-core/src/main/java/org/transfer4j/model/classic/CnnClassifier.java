package org.transfer4j.model.classic;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.transfer4j.nn.Conv1d;
import org.transfer4j.nn.Dropout;
import org.transfer4j.nn.Linear;
import org.transfer4j.nn.ModuleList;
import org.transfer4j.nn.Pooling;

/**
 * The multi-width CNN of Kim (2014): for each kernel width {@code hidden_size} filters with ReLU,
 * max over the windows that lie inside the text (a text shorter than a width keeps its first
 * window), the maxima of all widths concatenated, dropout and the output layer.
 */
public final class CnnClassifier extends WordClassifier {
  private final ModuleList<Conv1d> convs;
  private final Linear classifier;

  public CnnClassifier(WordClassifierConfig config, NDManager manager) {
    super(config, manager);
    convs = addModule("convs", new ModuleList<>());
    for (int k : config.kernelSizes()) {
      convs.add(new Conv1d(manager, config.embeddingSize(), config.hiddenSize(), k));
    }
    classifier =
        addModule(
            "classifier",
            linear(
                manager,
                config.hiddenSize() * config.kernelSizes().size(),
                config.labels().size()));
  }

  @Override
  protected NDArray classify(NDArray x, NDArray mask, int[] lengths) {
    NDManager m = x.getManager();
    int batch = (int) x.getShape().get(0);
    int seq = (int) x.getShape().get(1);
    int widest = config.kernelSizes().stream().mapToInt(Integer::intValue).max().orElse(1);
    if (seq < widest) { // pad with zero vectors so every width has a window
      x =
          x.concat(
              m.zeros(new Shape(batch, widest - seq, x.getShape().get(2)), DataType.FLOAT32), 1);
      seq = widest;
    }
    NDList pooled = new NDList();
    for (int i = 0; i < convs.size(); i++) {
      Conv1d conv = convs.get(i);
      int windows = seq - conv.width() + 1;
      float[] valid = new float[batch * windows];
      for (int b = 0; b < batch; b++) {
        int n = Math.max(1, lengths[b] - conv.width() + 1);
        for (int t = 0; t < Math.min(n, windows); t++) {
          valid[b * windows + t] = 1f;
        }
      }
      NDArray h = ai.djl.nn.Activation.relu(conv.forward(x)); // (batch, windows, filters)
      pooled.add(Pooling.maskedMax(h, m.create(valid, new Shape(batch, windows))));
    }
    NDArray features =
        pooled.size() == 1 ? pooled.get(0) : ai.djl.ndarray.NDArrays.concat(pooled, 1);
    return classifier.forward(Dropout.apply(features, config.hiddenDropoutProb(), isTraining()));
  }
}
