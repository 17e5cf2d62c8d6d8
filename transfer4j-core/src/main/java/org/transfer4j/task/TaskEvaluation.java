package org.transfer4j.task;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.data.FineTuneBatch;
import org.transfer4j.train.Evaluation;
import org.transfer4j.train.StepResult;

/**
 * Validation metrics during training: collects each example's logits from the step's output (one
 * forward pass gives loss and predictions) and scores the split at the end.
 */
final class TaskEvaluation implements Evaluation<FineTuneBatch> {
  private final List<EncodedExample> examples;
  private final Scores.Scorer scorer;
  private final boolean tokenLogits;
  private final float[][] outputs;

  TaskEvaluation(List<EncodedExample> examples, Scores.Scorer scorer, boolean tokenLogits) {
    this.examples = examples;
    this.scorer = scorer;
    this.tokenLogits = tokenLogits;
    this.outputs = new float[examples.size()][];
  }

  @Override
  public void accept(FineTuneBatch batch, StepResult result, NDManager manager) {
    TaskForward.scatter(batch, result.output().toFloatArray(), examples, outputs, tokenLogits);
  }

  @Override
  public Map<String, Double> result() {
    return scorer.score(outputs).metrics();
  }
}
