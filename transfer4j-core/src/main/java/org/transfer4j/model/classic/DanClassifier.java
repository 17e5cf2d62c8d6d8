package org.transfer4j.model.classic;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.transfer4j.nn.BatchNorm;
import org.transfer4j.nn.Dropout;
import org.transfer4j.nn.Linear;
import org.transfer4j.nn.ModuleList;
import org.transfer4j.nn.Pooling;

/**
 * The deep averaging network (Iyyer et al., 2015): the mean (or sum) of a text's word vectors,
 * batch norm, then {@code num_hidden_layers} ReLU layers with dropout and the output layer. Word
 * order is ignored, which makes it the fastest of the three and a strong baseline.
 *
 * <pre>{@code
 * DanClassifier dan = new DanClassifier(WordClassifierConfig.defaults("dan", 20_000, 300, labels), manager);
 * }</pre>
 */
public final class DanClassifier extends WordClassifier {
  private final BatchNorm batchNorm;
  private final ModuleList<Linear> hidden;
  private final Linear classifier;

  public DanClassifier(WordClassifierConfig config, NDManager manager) {
    super(config, manager);
    batchNorm = addModule("batch_norm", new BatchNorm(manager, config.embeddingSize()));
    hidden = addModule("hidden", new ModuleList<>());
    int in = config.embeddingSize();
    for (int l = 0; l < config.numHiddenLayers(); l++) {
      hidden.add(linear(manager, in, config.hiddenSize()));
      in = config.hiddenSize();
    }
    classifier = addModule("classifier", linear(manager, in, config.labels().size()));
  }

  @Override
  protected NDArray classify(NDArray x, NDArray mask, int[] lengths) {
    NDArray h =
        config.danPooling().equals("sum")
            ? x.mul(mask.expandDims(2)).sum(new int[] {1})
            : Pooling.maskedMean(x, mask); // (batch, dim)
    h = batchNorm.forward(h);
    for (int l = 0; l < hidden.size(); l++) {
      h = ai.djl.nn.Activation.relu(hidden.get(l).forward(h));
      h = Dropout.apply(h, config.hiddenDropoutProb(), isTraining());
    }
    return classifier.forward(h);
  }
}
