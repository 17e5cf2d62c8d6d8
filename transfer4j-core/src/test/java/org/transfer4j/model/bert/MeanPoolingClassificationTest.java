package org.transfer4j.model.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.ConfigJson;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.Labels;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.nn.Parameter;

/** {@code classifier_pooling = "mean"}: the classifier reads the mean over the real tokens. */
class MeanPoolingClassificationTest {
  static final BertConfig MEAN =
      BertConfig.of(2, 64)
          .withVocabSize(40)
          .withMaxPositionEmbeddings(16)
          .withLabels(Labels.numbered(3))
          .withClassifierPooling(BertConfig.POOLING_MEAN);

  @BeforeAll
  static void engine() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    Bootstrap.seed(11);
  }

  @Test
  void logitsAreTheClassifierOfTheMaskedMeanAndPaddingChangesNothing() {
    try (NDManager m = NDManager.newBaseManager()) {
      var model = HfModels.create(MEAN, BertForSequenceClassification.class, m);
      model.train(false);
      assertThat(model.namedParameters().keySet()).noneMatch(k -> k.contains("pooler"));
      long[] ids = {2, 17, 5, 33, 9, 3};
      // The same sequence alone and padded with 3 [PAD] positions in a batch of 2.
      ModelInput alone =
          new ModelInput(
              m.create(ids, new Shape(1, 6)),
              m.create(new long[] {1, 1, 1, 1, 1, 1}, new Shape(1, 6)),
              m.zeros(new Shape(1, 6), ai.djl.ndarray.types.DataType.INT64));
      long[] batchIds = {2, 17, 5, 33, 9, 3, 0, 0, 0, 2, 8, 8, 8, 8, 8, 8, 8, 3};
      long[] batchMask = {1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1};
      ModelInput padded =
          new ModelInput(
              m.create(batchIds, new Shape(2, 9)),
              m.create(batchMask, new Shape(2, 9)),
              m.zeros(new Shape(2, 9), ai.djl.ndarray.types.DataType.INT64));
      float[] a = model.forward(alone, OutputOptions.NONE).logits().toFloatArray();
      float[] b = model.forward(padded, OutputOptions.NONE).logits().get(0).toFloatArray();
      assertThat(b).containsExactly(a, org.assertj.core.data.Offset.offset(1e-5f));

      // By hand: mean of the six hidden vectors, then the classifier.
      NDArray hidden = model.bert().forward(alone, OutputOptions.NONE).hidden().get(0); // (6, h)
      NDArray mean = hidden.mean(new int[] {0}).expandDims(0); // (1, h)
      Parameter w = model.namedParameters().get("classifier.weight");
      Parameter bias = model.namedParameters().get("classifier.bias");
      float[] byHand = mean.matMul(w.value().transpose()).add(bias.value()).toFloatArray();
      assertThat(a).containsExactly(byHand, org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void configWritesTheKeyOnlyForMeanAndReadsItBack(@TempDir Path tmp) throws Exception {
    ConfigJson.write(MEAN.toJson(), tmp.resolve("config.json"));
    assertThat(Files.readString(tmp.resolve("config.json")))
        .contains("\"classifier_pooling\": \"mean\"");
    assertThat(BertConfig.read(tmp)).isEqualTo(MEAN);
    assertThat(BertConfig.read(tmp).meanPooling()).isTrue();

    BertConfig cls = MEAN.withClassifierPooling(BertConfig.POOLING_CLS);
    assertThat(cls.toJson().has("classifier_pooling")).isFalse();
    assertThat(BertConfig.tiny().classifierPooling()).isEqualTo("cls");
  }

  @Test
  void unknownPoolingNamesTheKey() {
    assertThatThrownBy(() -> MEAN.withClassifierPooling("max"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("classifier_pooling 'max'")
        .hasMessageContaining("cls or mean");
  }

  @Test
  void savedMeanPoolingModelReloadsWithTheSameLogits(@TempDir Path tmp) throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      var model = HfModels.create(MEAN, BertForSequenceClassification.class, m);
      model.train(false);
      ModelInput in =
          new ModelInput(
              m.create(new long[] {2, 7, 8, 3}, new Shape(1, 4)),
              m.create(new long[] {1, 1, 1, 1}, new Shape(1, 4)),
              null);
      float[] before = model.forward(in, OutputOptions.NONE).logits().toFloatArray();
      HfModels.save(model, tmp);
      var loaded = HfModels.load(tmp, m);
      loaded.train(false);
      assertThat(((BertConfig) loaded.config()).meanPooling()).isTrue();
      float[] after =
          ((BertForSequenceClassification) loaded)
              .forward(in, OutputOptions.NONE)
              .logits()
              .toFloatArray();
      assertThat(after).containsExactly(before);
      assertThat(List.of(after.length)).containsExactly(3);
    }
  }
}
