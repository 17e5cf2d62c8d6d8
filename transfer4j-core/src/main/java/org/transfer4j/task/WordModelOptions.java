package org.transfer4j.task;

import java.nio.file.Path;
import java.util.List;
import org.transfer4j.BadInputException;
import org.transfer4j.vectors.VectorsOptions;

/**
 * A word-vector classifier to train instead of fine-tuning an encoder: the architecture, the
 * vectors, the word vocabulary and the model sizes ({@code 0}, negative or null = the
 * architecture's default, see {@code WordClassifierConfig.defaults}).
 *
 * <pre>{@code
 * WordModelOptions w = WordModelOptions.of("bilstm", Path.of("vectors.vec"));
 * ClassificationTask.run(FinetuneConfig.builder(trainer).wordModel(w).train(..).validation(..).build());
 * }</pre>
 *
 * @param arch {@code dan}, {@code bilstm} or {@code cnn}
 * @param vectors the word vectors file
 * @param vectorsOptions {@code --max-words} and lowercasing (texts are lowercased too)
 * @param freezeVectors keep the vectors as loaded
 * @param autoLength choose the maximum length as the 95th percentile of training lengths
 * @param hidden hidden size (0 = default)
 * @param layers layers (0 = default)
 * @param dropout dropout (negative = default)
 * @param kernelSizes CNN widths (null = 2,3,4,5)
 * @param wordTokenizer {@code whitespace} or {@code wordpunct}
 * @param minFrequency training-set frequency a word needs to enter the vocabulary
 * @param zeroUnknown words without a vector start at zero instead of random normal
 * @param danPooling DAN: {@code mean} or {@code sum} of the word vectors (null = mean)
 */
public record WordModelOptions(
    String arch,
    Path vectors,
    VectorsOptions vectorsOptions,
    boolean freezeVectors,
    boolean autoLength,
    int hidden,
    int layers,
    float dropout,
    List<Integer> kernelSizes,
    String wordTokenizer,
    int minFrequency,
    boolean zeroUnknown,
    String danPooling) {
  public WordModelOptions {
    if (danPooling == null) {
      danPooling = "mean";
    }
    if (!danPooling.equals("mean") && !danPooling.equals("sum")) {
      throw new BadInputException("--dan-pooling must be mean or sum, got '" + danPooling + "'");
    }
    if (vectors == null) {
      throw new BadInputException("--arch " + arch + " needs --vectors FILE (word vectors)");
    }
    if (!wordTokenizer.equals("whitespace") && !wordTokenizer.equals("wordpunct")) {
      throw new BadInputException(
          "--word-tokenizer must be whitespace or wordpunct, got '" + wordTokenizer + "'");
    }
    if (minFrequency < 1) {
      throw new BadInputException("--min-frequency must be at least 1, got " + minFrequency);
    }
    if (vectorsOptions == null) {
      vectorsOptions = VectorsOptions.defaults();
    }
  }

  /** Defaults: trainable vectors, wordpunct, every training word, random unknown vectors. */
  public static WordModelOptions of(String arch, Path vectors) {
    return new WordModelOptions(
        arch,
        vectors,
        VectorsOptions.defaults(),
        false,
        false,
        0,
        0,
        -1f,
        null,
        "wordpunct",
        1,
        false,
        null);
  }
}
