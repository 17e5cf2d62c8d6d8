package org.transfer4j.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.transfer4j.data.PretrainingBatch;
import org.transfer4j.model.EncoderOutput;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.bert.BertForPreTraining;
import org.transfer4j.train.StepFunction;
import org.transfer4j.train.StepResult;

/**
 * The pretraining step: masked LM (Devlin et al., 2019) plus sentence-order prediction (Lan et al.,
 * 2020, ALBERT) on the {@code seq_relationship} head, label 1 = swapped. The loss is {@code
 * mlmWeight * MLM + sopWeight * SOP}; the masked-LM head (transform and tied decoder) runs only at
 * the collator's masked positions, which removes about 85% of the decoder's cost, the largest
 * matrix product of a small BERT with a 30k vocabulary.
 *
 * <p>Logged per step: {@code mlm_loss}, {@code mlm_accuracy}, {@code sop_loss}, {@code
 * sop_accuracy} (read back in one transfer).
 *
 * <pre>{@code
 * var objective = new PretrainingObjective(model, 0.5, 0.5);
 * Trainer<PretrainingBatch> t = Trainer.builder(model, objective, batches, config).build();
 * }</pre>
 */
public final class PretrainingObjective implements StepFunction<PretrainingBatch> {
  private final BertForPreTraining model;
  private final double mlmWeight;
  private final double sopWeight;
  private final java.util.ArrayDeque<double[]> recent = new java.util.ArrayDeque<>();
  private long tokens;

  public PretrainingObjective(BertForPreTraining model, double mlmWeight, double sopWeight) {
    if (!(mlmWeight >= 0) || !(sopWeight >= 0) || mlmWeight + sopWeight <= 0) {
      throw new IllegalArgumentException(
          "loss weights must be >= 0 and not both 0, got MLM "
              + mlmWeight
              + " and SOP "
              + sopWeight);
    }
    if (model.cls().predictions() == null || model.cls().seqRelationship() == null) {
      throw new IllegalArgumentException("the model needs both pretraining heads");
    }
    this.model = model;
    this.mlmWeight = mlmWeight;
    this.sopWeight = sopWeight;
  }

  /** The losses of one batch, as tensors (for tests and the benchmark). */
  public record Losses(
      NDArray loss, NDArray mlmLoss, NDArray mlmAccuracy, NDArray sopLoss, NDArray sopAccuracy) {}

  /** Forward pass and losses; every array belongs to {@code m}. */
  public Losses losses(PretrainingBatch b, NDManager m) {
    Shape bs = new Shape(b.batchSize(), b.seqLen());
    ModelInput in =
        new ModelInput(
            m.create(b.inputIds(), bs),
            m.create(b.attentionMask(), bs),
            m.create(b.tokenTypeIds(), bs));
    EncoderOutput enc = model.bert().forward(in, OutputOptions.NONE);
    NDArray sopLabels = m.create(b.sentenceOrderLabels(), new Shape(b.batchSize()));
    NDArray sopLogits = model.cls().seqRelationship().forward(enc.pooled()); // (batch, 2)
    NDArray sopLoss = PretrainingLoss.crossEntropy(sopLogits, sopLabels);
    NDArray sopAcc = PretrainingLoss.accuracy(sopLogits, sopLabels);
    int n = b.maskedPositions().length;
    NDArray mlmLoss;
    NDArray mlmAcc;
    if (n > 0) {
      NDArray positions = m.create(b.maskedPositions(), new Shape(n));
      NDArray labels = m.create(b.maskedLabels(), new Shape(n));
      NDArray logits = model.cls().predictions().forwardAt(enc.hidden(), positions); // (n, vocab)
      mlmLoss = PretrainingLoss.crossEntropy(logits, labels);
      mlmAcc = PretrainingLoss.accuracy(logits, labels);
    } else {
      // A batch without a masked token (possible with Bernoulli masking) teaches only SOP.
      mlmLoss = m.zeros(new Shape());
      mlmAcc = m.zeros(new Shape());
    }
    NDArray loss = mlmLoss.mul((float) mlmWeight).add(sopLoss.mul((float) sopWeight));
    return new Losses(loss, mlmLoss, mlmAcc, sopLoss, sopAcc);
  }

  @Override
  public StepResult apply(PretrainingBatch batch, NDManager manager) {
    Losses l = losses(batch, manager);
    // One device-to-host copy for the four logged numbers.
    float[] v =
        NDArrays.stack(new NDList(l.mlmLoss(), l.mlmAccuracy(), l.sopLoss(), l.sopAccuracy()))
            .toFloatArray();
    Map<String, Double> scalars = new LinkedHashMap<>();
    scalars.put("mlm_loss", (double) v[0]);
    scalars.put("mlm_accuracy", (double) v[1]);
    scalars.put("sop_loss", (double) v[2]);
    scalars.put("sop_accuracy", (double) v[3]);
    if (model.isTraining()) {
      record(batch, v);
    }
    return new StepResult(l.loss(), batch.batchSize(), scalars, null);
  }

  private synchronized void record(PretrainingBatch batch, float[] v) {
    if (recent.size() == RECENT) {
      recent.removeFirst();
    }
    recent.addLast(new double[] {v[0], v[1], v[2], v[3]});
    for (long m : batch.attentionMask()) {
      tokens += m;
    }
  }

  private static final int RECENT = 20;

  /** Real (non-padding) tokens seen by training steps so far. */
  public synchronized long trainedTokens() {
    return tokens;
  }

  /**
   * The mean {@code mlm_loss}, {@code mlm_accuracy}, {@code sop_loss}, {@code sop_accuracy} of the
   * last training micro-batches (at most 20); empty before the first.
   */
  public synchronized Map<String, Double> recentMetrics() {
    Map<String, Double> out = new LinkedHashMap<>();
    if (recent.isEmpty()) {
      return out;
    }
    String[] names = {"mlm_loss", "mlm_accuracy", "sop_loss", "sop_accuracy"};
    for (int i = 0; i < names.length; i++) {
      double s = 0;
      for (double[] r : recent) {
        s += r[i];
      }
      out.put(names[i], s / recent.size());
    }
    return out;
  }
}
