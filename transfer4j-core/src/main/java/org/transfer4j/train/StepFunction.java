package org.transfer4j.train;

import ai.djl.ndarray.NDManager;

/**
 * The task's forward pass: turns a batch into tensors in {@code manager} (closed after the step),
 * runs the model and returns the loss. The trainer does backward, accumulation, clipping and the
 * update, so the same function serves classification, tagging, MLM or language modelling.
 *
 * <pre>{@code
 * StepFunction<int[]> step = (idx, m) -> {
 *   NDArray x = m.create(features(idx)); // (batch, in)
 *   NDArray loss = model.forward(x).sub(m.create(targets(idx))).square().mean();
 *   return StepResult.of(loss, idx.length);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface StepFunction<B> {
  StepResult apply(B batch, NDManager manager);
}
