package org.transfer4j.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.transfer4j.data.MaskedLm;
import org.transfer4j.data.MlmCollator;
import org.transfer4j.data.MlmOptions;
import org.transfer4j.data.PretrainingBatch;
import org.transfer4j.data.SpecialTokens;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.PreTrainingOutput;
import org.transfer4j.model.bert.BertForPreTraining;

class PretrainingLossTest {
  @Test
  void crossEntropyMatchesLogSumExpByHand() {
    Bootstrap.engine();
    float[][] logits = {{1f, 2f, 0.5f}, {-1f, 0f, 3f}, {0.2f, 0.2f, 0.2f}};
    long[] labels = {1, 0, 2};
    double expected = 0;
    double correct = 0;
    for (int i = 0; i < 3; i++) {
      double lse = 0;
      int arg = 0;
      for (int j = 0; j < 3; j++) {
        lse += Math.exp(logits[i][j]);
        arg = logits[i][j] > logits[i][arg] ? j : arg;
      }
      expected += (Math.log(lse) - logits[i][(int) labels[i]]) / 3;
      correct += arg == labels[i] ? 1.0 / 3 : 0;
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray l = m.create(logits);
      NDArray y = m.create(labels);
      assertThat(PretrainingLoss.crossEntropy(l, y).getFloat())
          .isCloseTo((float) expected, within(1e-6f));
      assertThat(PretrainingLoss.accuracy(l, y).getFloat())
          .isCloseTo((float) correct, within(1e-6f));
    }
  }

  /**
   * The masked-position head (gather, then transform and decoder) gives the loss of Hugging Face's
   * formulation: logits everywhere, cross-entropy with -100 labels ignored.
   */
  @Test
  void maskedPositionLossEqualsFullLogitLossAtMaskedPositions() {
    Bootstrap.init(Bootstrap.Options.defaults().withSeed(7));
    int vocab = 97;
    int rows = 3;
    int seq = 12;
    SpecialTokens sp = new SpecialTokens(0, 1, 2, 3, 4, vocab);
    SplittableRandom rng = new SplittableRandom(3);
    long[] ids = new long[rows * seq];
    long[] mask = new long[rows * seq];
    long[] types = new long[rows * seq];
    int[] lens = {12, 9, 6};
    for (int r = 0; r < rows; r++) {
      for (int t = 0; t < lens[r]; t++) {
        int i = r * seq + t;
        ids[i] = t == 0 ? sp.cls() : t == lens[r] - 1 ? sp.sep() : rng.nextInt(5, vocab);
        mask[i] = 1;
        types[i] = t > lens[r] / 2 ? 1 : 0;
      }
    }
    MaskedLm masked =
        new MlmCollator(sp, new MlmOptions(0.3, 0.8, 0.1, true)).mask(ids, mask, rows, seq, 11);
    assertThat(masked.maskedPositions()).hasSizeGreaterThan(3);
    PretrainingBatch batch =
        new PretrainingBatch(
            rows,
            seq,
            masked.inputIds(),
            types,
            mask,
            masked.labels(),
            masked.maskedPositions(),
            masked.maskedLabels(),
            new long[] {0, 1, 1},
            new long[] {0, 1, 2},
            0,
            0);
    try (NDManager m = NDManager.newBaseManager()) {
      BertForPreTraining model =
          HfModels.create(PretrainFixtures.microConfig(vocab), BertForPreTraining.class, m);
      model.train(false);
      PretrainingObjective objective = new PretrainingObjective(model, 0.5, 0.5);
      PretrainingObjective.Losses fast = objective.losses(batch, m);

      Shape bs = new Shape(rows, seq);
      PreTrainingOutput full =
          model.forward(
              new ModelInput(
                  m.create(batch.inputIds(), bs), m.create(mask, bs), m.create(types, bs)),
              OutputOptions.NONE);
      assertThat(full.mlmLogits().getShape()).isEqualTo(new Shape(rows, seq, vocab));
      NDArray reference =
          PretrainingLoss.maskedLmLossFull(full.mlmLogits(), m.create(masked.labels(), bs));
      assertThat(fast.mlmLoss().getFloat()).isCloseTo(reference.getFloat(), within(1e-5f));
      // The gathered logits are exactly the full logits' rows at the masked positions.
      NDArray rowsAt =
          full.mlmLogits()
              .reshape(-1, vocab)
              .get(new ai.djl.ndarray.index.NDIndex("{}", m.create(masked.maskedPositions())));
      NDArray fastLogits =
          model
              .cls()
              .predictions()
              .forwardAt(
                  model
                      .bert()
                      .forward(
                          new ModelInput(
                              m.create(batch.inputIds(), bs),
                              m.create(mask, bs),
                              m.create(types, bs)),
                          OutputOptions.NONE)
                      .hidden(),
                  m.create(masked.maskedPositions()));
      assertThat(fastLogits.allClose(rowsAt, 1e-5, 1e-5, false)).isTrue();
      NDArray sopRef =
          PretrainingLoss.crossEntropy(
              full.seqRelationshipLogits(), m.create(new long[] {0, 1, 1}));
      assertThat(fast.sopLoss().getFloat()).isCloseTo(sopRef.getFloat(), within(1e-6f));
      assertThat(fast.loss().getFloat())
          .isCloseTo(0.5f * reference.getFloat() + 0.5f * sopRef.getFloat(), within(1e-5f));
    }
  }
}
