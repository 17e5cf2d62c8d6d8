package org.transfer4j.cli;

import java.util.Locale;
import org.transfer4j.BadInputException;
import org.transfer4j.task.TaggerOptions;
import org.transfer4j.vectors.VectorsOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code finetune tag --arch bilstm|bilstm-crf --vectors FILE [--char-cnn] ...}: a BiLSTM tagger on
 * word vectors instead of a BERT encoder.
 */
public final class TaggerCliOptions {
  @Option(
      names = "--arch",
      paramLabel = "bert|bilstm|bilstm-crf",
      description =
          "bert (default): fine-tune --model; bilstm (softmax per word) or bilstm-crf: train a"
              + " BiLSTM tagger on --vectors.")
  String arch = "bert";

  @Mixin VectorsPathOptions vectorsPath;

  @Option(
      names = "--char-cnn",
      description = "Add a character CNN with max pooling to each word's features.")
  boolean charCnn;

  @Option(names = "--no-casing", description = "Leave out the casing feature of each word.")
  boolean noCasing;

  @Option(
      names = "--crf",
      description =
          "A CRF output layer (Viterbi decoding): on the BERT tagger (--model, BERT models) or the"
              + " BiLSTM (--arch bilstm-crf implies it).")
  boolean crf;

  @Option(
      names = "--no-constraints",
      description =
          "Let the CRF learn every transition, instead of forbidding those the --scheme rules out"
              + " (an I-X after O in iob2, ...).")
  boolean noConstraints;

  @Option(
      names = "--freeze-vectors",
      description = "Keep the word vectors as loaded (default: fine-tune them).")
  boolean freeze;

  @Option(
      names = "--hidden",
      paramLabel = "N",
      description = "LSTM state per direction (default: 100).")
  int hidden;

  @Option(names = "--layers", paramLabel = "N", description = "Stacked BiLSTM layers (default: 1).")
  int layers;

  @Option(names = "--dropout", paramLabel = "P", description = "Dropout (default: 0.5).")
  Float dropout;

  @Option(
      names = "--contextual",
      paramLabel = "MODEL",
      description =
          "Add contextual word features from a frozen BERT-family encoder (folder or built-in"
              + " name, e.g. all-MiniLM-L6-v2), ELMo-style; computed once per sentence into a"
              + " memory-mapped cache.")
  String contextual;

  @Option(
      names = "--layer-mix",
      paramLabel = "scalar|last",
      description =
          "scalar: a learned softmax-weighted mix of all the encoder's hidden states times gamma"
              + " (Peters et al., 2018); last: its last layer (default: ${DEFAULT-VALUE}).")
  String layerMix = "scalar";

  @Option(
      names = "--subtoken",
      paramLabel = "first|mean",
      description =
          "A word's encoder features from its first sub-token or the mean of its sub-tokens"
              + " (default: ${DEFAULT-VALUE}).")
  String subtoken = "first";

  /** Whether a word tagger, not BERT, is trained. */
  boolean isWordTagger() {
    String a = arch.toLowerCase(Locale.ROOT);
    if (a.equals("bert")) {
      if (vectorsPath.vectors != null || charCnn || contextual != null) {
        throw new BadInputException(
            "--vectors, --char-cnn and --contextual need --arch bilstm or bilstm-crf");
      }
      return false;
    }
    if (!a.equals("bilstm") && !a.equals("bilstm-crf")) {
      throw new BadInputException("--arch must be bert, bilstm or bilstm-crf; got '" + arch + "'");
    }
    return true;
  }

  TaggerOptions toOptions() {
    return new TaggerOptions(
        arch,
        vectorsPath.vectors,
        new VectorsOptions(vectorsPath.maxWords, false),
        charCnn,
        !noCasing,
        crf,
        !noConstraints,
        freeze,
        hidden,
        layers,
        dropout == null ? -1f : dropout,
        contextual,
        layerMix,
        subtoken);
  }
}
