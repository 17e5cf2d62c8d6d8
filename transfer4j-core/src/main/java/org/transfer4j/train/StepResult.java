package org.transfer4j.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * What a step function returns.
 *
 * @param loss a scalar, the MEAN loss over the batch's {@code count} items
 * @param count items the mean is over (examples, or tokens for language modelling): gradient
 *     accumulation weighs micro-batches by it, so N accumulated micro-batches give exactly the
 *     gradient of one N times larger batch
 * @param scalars extra named numbers to log (for example {@code accuracy}); averaged like the loss
 * @param output the model's output (for example logits), or null; handed to {@link Evaluation}
 *     during evaluation so that one forward pass gives both the loss and the metrics
 */
public record StepResult(NDArray loss, long count, Map<String, Double> scalars, NDArray output) {
  public StepResult {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, got " + count);
    }
    scalars = Map.copyOf(scalars);
  }

  public static StepResult of(NDArray loss, long count) {
    return new StepResult(loss, count, Map.of(), null);
  }

  public static StepResult of(NDArray loss, long count, NDArray output) {
    return new StepResult(loss, count, Map.of(), output);
  }
}
