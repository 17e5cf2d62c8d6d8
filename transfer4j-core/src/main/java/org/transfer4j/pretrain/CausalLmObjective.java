package org.transfer4j.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.transfer4j.model.gpt2.Gpt2LMHeadModel;
import org.transfer4j.train.Evaluation;
import org.transfer4j.train.StepFunction;
import org.transfer4j.train.StepResult;

/**
 * The causal language-modelling step (Radford et al., 2018/2019): every position predicts the next
 * token of its block; the loss is the mean cross-entropy over the {@code batch x (block - 1)}
 * predictions, as Hugging Face's {@code GPT2LMHeadModel(labels=input_ids)} computes it (labels
 * shifted inside the model). Perplexity is {@code exp} of that mean.
 *
 * <pre>{@code
 * CausalLmObjective objective = new CausalLmObjective(model);
 * Trainer<long[][]> t = Trainer.builder(model, objective, batches, config)
 *     .validation(validBatches, CausalLmObjective.Perplexity::new).build();
 * }</pre>
 */
public final class CausalLmObjective implements StepFunction<long[][]> {
  private final Gpt2LMHeadModel model;
  private long tokens;

  public CausalLmObjective(Gpt2LMHeadModel model) {
    this.model = model;
  }

  @Override
  public StepResult apply(long[][] batch, NDManager manager) {
    NDArray ids = manager.create(batch); // (batch, block)
    NDArray logits = model.forward(ids, null, null, false, false).logits(); // (batch, block, V)
    long vocab = logits.getShape().get(2);
    NDArray predictions = logits.get(":, :-1, :").reshape(-1, vocab); // (batch * (block-1), V)
    NDArray labels = ids.get(":, 1:").reshape(-1); // (batch * (block - 1))
    NDArray loss = PretrainingLoss.crossEntropy(predictions, labels);
    long count = labels.getShape().get(0);
    tokens += (long) batch.length * batch[0].length;
    return StepResult.of(loss, count);
  }

  /** Tokens this objective has seen (training and evaluation). */
  public long tokens() {
    return tokens;
  }

  /** Validation perplexity: exp of the token-weighted mean loss over the validation blocks. */
  public static final class Perplexity implements Evaluation<long[][]> {
    private double nll;
    private long count;

    @Override
    public void accept(long[][] batch, StepResult result, NDManager manager) {
      nll += result.loss().getFloat() * (double) result.count();
      count += result.count();
    }

    @Override
    public Map<String, Double> result() {
      return Map.of("perplexity", count == 0 ? Double.NaN : Math.exp(nll / count));
    }
  }
}
