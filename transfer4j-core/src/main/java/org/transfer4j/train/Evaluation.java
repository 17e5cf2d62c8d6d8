package org.transfer4j.train;

import ai.djl.ndarray.NDManager;
import java.util.Map;

/**
 * Accumulates task metrics over the validation batches; the trainer takes a factory and makes a new
 * instance per evaluation. For each batch the trainer runs the step function with the model in
 * evaluation mode (dropout off) and without gradients, adds the loss to {@code loss} itself, and
 * hands the batch and the {@link StepResult} (with its {@code output}, e.g. logits) to {@link
 * #accept}, so one forward pass serves both. Metric code lives in {@code org.transfer4j.eval}.
 *
 * <pre>{@code
 * Supplier<Evaluation<Batch>> eval = () -> new Evaluation<>() {
 *   long right, total;
 *   public void accept(Batch b, StepResult r, NDManager m) {
 *     long[] pred = r.output().argMax(-1).toLongArray(); // (batch)
 *     ...
 *   }
 *   public Map<String, Double> result() { return Map.of("accuracy", right / (double) total); }
 * };
 * }</pre>
 */
public interface Evaluation<B> {
  void accept(B batch, StepResult result, NDManager manager);

  Map<String, Double> result();
}
