package org.transfer4j.quickstart;

import java.nio.file.Path;
import java.util.Map;
import org.transfer4j.pretrain.PretrainResult;
import org.transfer4j.task.FinetuneResult;

/**
 * What a quickstart run produced: the pretraining run and the fine-tuning runs (with and without
 * the pretrained weights, and from a built-in pretrained model), with their wall-clock seconds.
 *
 * @param output the output folder
 * @param data the data written and used
 * @param vocabSize the trained tokenizer's vocabulary size
 * @param model the BERT preset or config
 * @param pretraining the pretraining run
 * @param pretrainSeconds pretraining seconds (the probe not included)
 * @param epochs fine-tuning epochs of each run
 * @param pretrained fine-tuning from the pretrained weights
 * @param pretrainedSeconds its seconds
 * @param scratch fine-tuning from a random initialisation
 * @param scratchSeconds its seconds
 * @param builtinModel the built-in model of the third run; null when it did not run
 * @param builtinEpochs its epochs
 * @param builtin fine-tuning from the built-in model; null when it did not run
 * @param builtinSeconds its seconds
 * @param totalSeconds the whole run
 */
public record QuickstartResult(
    Path output,
    QuickstartData data,
    int vocabSize,
    String model,
    PretrainResult pretraining,
    double pretrainSeconds,
    int epochs,
    FinetuneResult pretrained,
    double pretrainedSeconds,
    FinetuneResult scratch,
    double scratchSeconds,
    String builtinModel,
    int builtinEpochs,
    FinetuneResult builtin,
    double builtinSeconds,
    double totalSeconds) {
  /** Test metrics of the run from pretrained weights ({@code accuracy}, {@code weighted_f1}...). */
  public Map<String, Double> pretrainedTest() {
    return pretrained.testMetrics();
  }

  /** Test metrics of the run from scratch. */
  public Map<String, Double> scratchTest() {
    return scratch.testMetrics();
  }

  /** Test metrics of the run from the built-in model; empty when it did not run. */
  public Map<String, Double> builtinTest() {
    return builtin == null ? Map.of() : builtin.testMetrics();
  }

  /** The side-by-side test score table (accuracy and weighted F1, both runs, difference). */
  public String scoreTable() {
    return Summary.table(this);
  }
}
