package org.transfer4j.cli;

import java.util.List;
import java.util.Locale;
import org.transfer4j.BadInputException;
import org.transfer4j.task.WordModelOptions;
import org.transfer4j.vectors.VectorsOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code finetune classify --arch dan|bilstm|cnn --vectors FILE ...}: a classic classifier on
 * pretrained word vectors instead of a BERT encoder.
 */
public final class WordModelCliOptions {
  @Option(
      names = "--arch",
      paramLabel = "bert|dan|bilstm|cnn",
      description =
          "bert (default): fine-tune --model; dan (deep averaging network), bilstm or cnn: train"
              + " a classic classifier on --vectors.")
  String arch = "bert";

  @Mixin VectorsPathOptions vectorsPath;

  @Option(
      names = "--freeze-vectors",
      description = "Keep the word vectors as loaded (default: fine-tune them; see --lr-scale).")
  boolean freeze;

  @Option(
      names = "--lowercase",
      description = "Lowercase texts and vectors (the first of colliding vectors wins).")
  boolean lowercase;

  @Option(
      names = "--word-tokenizer",
      paramLabel = "whitespace|wordpunct",
      description = "How texts are cut into words (default: ${DEFAULT-VALUE}).")
  String wordTokenizer = "wordpunct";

  @Option(
      names = "--min-frequency",
      paramLabel = "N",
      description =
          "Training occurrences a word needs to get its own id (default: ${DEFAULT-VALUE}).")
  int minFrequency = 1;

  @Option(
      names = "--zero-unknown",
      description = "Words without a vector start at zero (default: random, as the vectors).")
  boolean zeroUnknown;

  @Option(
      names = "--hidden",
      paramLabel = "N",
      description =
          "DAN: MLP width (256); BiLSTM: state per direction (128); CNN: filters per width (100).")
  int hidden;

  @Option(
      names = "--layers",
      paramLabel = "N",
      description = "DAN: MLP layers (2); BiLSTM: stacked layers (1).")
  int layers;

  @Option(
      names = "--dropout",
      paramLabel = "P",
      description = "Dropout of the word models (default: 0.3).")
  Float dropout;

  @Option(
      names = "--kernel-sizes",
      split = ",",
      paramLabel = "K",
      description = "CNN kernel widths (default: 2,3,4,5).")
  List<Integer> kernelSizes;

  @Option(
      names = "--dan-pooling",
      paramLabel = "mean|sum",
      description = "DAN: average or add the word vectors (default: ${DEFAULT-VALUE}).")
  String danPooling = "mean";

  /** Whether a word model, not BERT, is trained. */
  boolean isWordModel() {
    String a = arch.toLowerCase(Locale.ROOT);
    if (a.equals("bert")) {
      if (vectorsPath.vectors != null) {
        throw new BadInputException("--vectors needs --arch dan, bilstm or cnn");
      }
      return false;
    }
    if (!List.of("dan", "bilstm", "cnn").contains(a)) {
      throw new BadInputException("--arch must be bert, dan, bilstm or cnn; got '" + arch + "'");
    }
    return true;
  }

  WordModelOptions toOptions(boolean autoLength) {
    return new WordModelOptions(
        arch.toLowerCase(Locale.ROOT),
        vectorsPath.vectors,
        new VectorsOptions(vectorsPath.maxWords, lowercase),
        freeze,
        autoLength,
        hidden,
        layers,
        dropout == null ? -1f : dropout,
        kernelSizes,
        wordTokenizer,
        minFrequency,
        zeroUnknown,
        danPooling);
  }
}
