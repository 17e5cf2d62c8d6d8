package org.transfer4j.task;

import java.nio.file.Path;
import java.util.Locale;
import org.transfer4j.BadInputException;
import org.transfer4j.vectors.VectorsOptions;

/**
 * A BiLSTM tagger on word vectors to train instead of fine-tuning an encoder ({@code finetune tag
 * --arch bilstm|bilstm-crf}); sizes {@code 0} or negative keep the defaults of {@code
 * WordTaggerConfig.defaults}.
 *
 * <pre>{@code
 * TaggerOptions t = TaggerOptions.of("bilstm-crf", Path.of("vectors.vec")).withCharCnn(true);
 * TaggingTask.run(FinetuneConfig.builder(trainer).tagger(t).train(..).validation(..).build());
 * }</pre>
 *
 * @param arch {@code bilstm} (softmax per word) or {@code bilstm-crf}
 * @param vectors the word vectors file
 * @param vectorsOptions {@code --max-words}, lowercasing
 * @param charCnn add the character CNN
 * @param casing add the casing one-hot
 * @param crf a CRF output layer ({@code bilstm-crf} implies it)
 * @param constrain forbid the scheme's invalid transitions in the CRF
 * @param freezeVectors keep the vectors as loaded
 * @param hidden LSTM state per direction (0 = 100)
 * @param layers stacked BiLSTM layers (0 = 1)
 * @param dropout dropout (negative = 0.5)
 * @param contextual a frozen BERT-family encoder (folder or built-in name) whose hidden states join
 *     the word features, or null
 * @param layerMix {@code scalar} (ELMo's learned mix of every layer) or {@code last}
 * @param subtoken a word's encoder features from its {@code first} sub-token or the {@code mean}
 */
public record TaggerOptions(
    String arch,
    Path vectors,
    VectorsOptions vectorsOptions,
    boolean charCnn,
    boolean casing,
    boolean crf,
    boolean constrain,
    boolean freezeVectors,
    int hidden,
    int layers,
    float dropout,
    String contextual,
    String layerMix,
    String subtoken) {
  public TaggerOptions {
    arch = arch.toLowerCase(Locale.ROOT);
    if (!arch.equals("bilstm") && !arch.equals("bilstm-crf")) {
      throw new BadInputException("--arch must be bert, bilstm or bilstm-crf; got '" + arch + "'");
    }
    if (vectors == null) {
      throw new BadInputException("--arch " + arch + " needs --vectors FILE (word vectors)");
    }
    crf = crf || arch.equals("bilstm-crf");
    if (vectorsOptions == null) {
      vectorsOptions = VectorsOptions.defaults();
    }
    layerMix = layerMix == null ? "scalar" : layerMix;
    subtoken = subtoken == null ? "first" : subtoken;
  }

  /** Defaults: no character CNN, casing on, constrained CRF when the arch has one. */
  public static TaggerOptions of(String arch, Path vectors) {
    return new TaggerOptions(
        arch, vectors, null, false, true, false, true, false, 0, 0, -1f, null, null, null);
  }

  public TaggerOptions withCharCnn(boolean on) {
    return new TaggerOptions(
        arch,
        vectors,
        vectorsOptions,
        on,
        casing,
        crf,
        constrain,
        freezeVectors,
        hidden,
        layers,
        dropout,
        contextual,
        layerMix,
        subtoken);
  }
}
