package org.transfer4j.task;

import java.nio.file.Path;
import java.util.Map;
import org.transfer4j.model.LoadReport;
import org.transfer4j.train.Trainer;

/**
 * What a fine-tuning run produced.
 *
 * @param output the output folder (a Hugging Face model folder with tokenizer and reports)
 * @param validationMetrics the restored best model's validation metrics
 * @param testMetrics the test metrics, empty without a test split
 * @param loadReport what loading the pretrained weights did (null from scratch)
 * @param training the trainer's result (steps, evaluations, early stopping)
 */
public record FinetuneResult(
    Path output,
    Map<String, Double> validationMetrics,
    Map<String, Double> testMetrics,
    LoadReport loadReport,
    Trainer.Result training) {
  public FinetuneResult {
    validationMetrics = Map.copyOf(validationMetrics);
    testMetrics = Map.copyOf(testMetrics);
  }
}
