package org.transfer4j.pretrain;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a pretraining run produced.
 *
 * @param modelDir the Hugging Face folder ({@code config.json}, {@code model.safetensors},
 *     tokenizer files): the run's output directory
 * @param steps optimizer updates done in total
 * @param losses the total loss of every update this run did (from the resume point on)
 * @param finalMetrics the mean {@code loss}, {@code mlm_loss}, {@code mlm_accuracy}, {@code
 *     sop_loss}, {@code sop_accuracy} over the last updates (at most 20), and {@code tokens_per_s}
 * @param maxLength the sequence length used
 * @param examples examples per epoch
 */
public record PretrainResult(
    Path modelDir,
    long steps,
    List<Double> losses,
    Map<String, Double> finalMetrics,
    int maxLength,
    int examples) {
  public PretrainResult {
    losses = List.copyOf(losses);
    finalMetrics = Map.copyOf(finalMetrics);
  }
}
