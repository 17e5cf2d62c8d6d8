package org.transfer4j.model.classic;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.transfer4j.nn.Dropout;
import org.transfer4j.nn.Linear;
import org.transfer4j.nn.Pooling;
import org.transfer4j.nn.rnn.Lstm;

/**
 * A bidirectional LSTM classifier: {@code num_hidden_layers} stacked BiLSTM layers over the word
 * vectors, the mean and the max of the outputs over the real words concatenated (as InferSent's max
 * pooling, Conneau et al., 2017, with the mean added as in the notebook), dropout and the output
 * layer. Exact under padding, so a text gets the same label alone or in any batch.
 */
public final class BiLstmClassifier extends WordClassifier {
  private final Lstm lstm;
  private final Linear classifier;

  public BiLstmClassifier(WordClassifierConfig config, NDManager manager) {
    super(config, manager);
    lstm =
        addModule(
            "lstm",
            new Lstm(
                manager,
                config.embeddingSize(),
                config.hiddenSize(),
                config.numHiddenLayers(),
                true,
                config.hiddenDropoutProb()));
    classifier =
        addModule("classifier", linear(manager, 2 * lstm.outputSize(), config.labels().size()));
  }

  @Override
  protected NDArray classify(NDArray x, NDArray mask, int[] lengths) {
    NDArray out = lstm.forward(x, lengths); // (batch, words, 2H)
    NDArray pooled = Pooling.maskedMean(out, mask).concat(Pooling.maskedMax(out, mask), 1);
    return classifier.forward(Dropout.apply(pooled, config.hiddenDropoutProb(), isTraining()));
  }
}
