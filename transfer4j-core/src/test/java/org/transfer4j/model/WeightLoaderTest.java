package org.transfer4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.io.Checkpoint;
import org.transfer4j.io.SafeTensorsFile;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.bert.BertForMaskedLM;
import org.transfer4j.model.bert.BertForPreTraining;
import org.transfer4j.model.bert.BertForSequenceClassification;
import org.transfer4j.model.bert.BertModel;
import org.transfer4j.testing.SharedData;

class WeightLoaderTest {
  @BeforeAll
  static void engine() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
  }

  static Map<String, NDArray> tensors(Path dir, NDManager m) throws Exception {
    Map<String, NDArray> out = new LinkedHashMap<>();
    try (Checkpoint c = Checkpoint.open(dir)) {
      for (String n : c.names()) {
        out.put(n, c.toNDArray(n, m));
      }
    }
    return out;
  }

  @Test
  void loadSaveLoadIsBitIdentical(@TempDir Path tmp) throws Exception {
    for (String folder :
        List.of("bert-pretraining", "bert-multiple-choice", "distilbert-sequence-classification")) {
      Path dir = SharedData.require("golden/" + folder);
      Path saved = tmp.resolve(folder);
      try (NDManager m = NDManager.newBaseManager()) {
        PretrainedModel model = HfModels.load(dir, m);
        HfModels.save(model, saved);
        try (Checkpoint a = Checkpoint.open(dir);
            Checkpoint b = Checkpoint.open(saved)) {
          assertThat(b.names()).as(folder).containsExactlyInAnyOrderElementsOf(a.names());
          for (String n : a.names()) {
            assertThat(b.readFloats(n)).as(n).containsExactly(a.readFloats(n));
            assertThat(b.info(n).shape()).as(n).containsExactly(a.info(n).shape());
          }
        }
        HfModels.Loaded again = HfModels.loadWithReport(saved, m, LoadOptions.DEFAULTS);
        assertThat(again.report().isComplete()).as(again.report().summary()).isTrue();
        assertThat(again.model().architecture()).isEqualTo(model.architecture());
        assertThat(again.model().config()).isEqualTo(model.config());
      }
      String config = Files.readString(saved.resolve("config.json"));
      assertThat(config).contains("\"architectures\"").contains("\"model_type\"");
    }
  }

  @Test
  void tiedDecoderIsSavedOnceAndLoadsFromEitherName(@TempDir Path tmp) throws Exception {
    Path dir = SharedData.require("golden/bert-pretraining");
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> t = tensors(dir, m);
      // Older checkpoints also store the tied copy: it must be accepted, not unexpected.
      t.put("cls.predictions.decoder.weight", t.get("bert.embeddings.word_embeddings.weight"));
      t.put("cls.predictions.decoder.bias", t.get("cls.predictions.bias"));
      t.put(
          "bert.embeddings.position_ids", m.arange(0, 20, 1, ai.djl.ndarray.types.DataType.INT64));
      BertForPreTraining model =
          HfModels.create((BertConfig) HfModels.readConfig(dir), BertForPreTraining.class, m);
      LoadReport r = WeightLoader.load(model, TensorSource.of(t, "memory"), LoadOptions.DEFAULTS);
      assertThat(r.isComplete()).as(r.summary()).isTrue();
      assertThat(r.ignored()).containsExactly("bert.embeddings.position_ids");
      assertThat(r.loaded()).contains("cls.predictions.decoder.weight");
      HfModels.save(model, tmp);
      try (SafeTensorsFile f = SafeTensorsFile.open(tmp.resolve("model.safetensors"))) {
        assertThat(f.has("cls.predictions.decoder.weight")).isFalse();
        assertThat(f.has("bert.embeddings.word_embeddings.weight")).isTrue();
      }
    }
  }

  @Test
  void baseCheckpointIntoHeadModelReportsOnlyTheNewHead(@TempDir Path tmp) throws Exception {
    Path dir = SharedData.require("golden/bert-pretraining");
    try (NDManager m = NDManager.newBaseManager()) {
      // Head-model checkpoint into the base model: the prefix is stripped, heads unused.
      HfModels.Loaded base =
          HfModels.load(dir, HfModels.readConfig(dir), BertModel.class, m, LoadOptions.DEFAULTS);
      assertThat(base.report().missing()).isEmpty();
      assertThat(base.report().unexpected()).isNotEmpty().allMatch(n -> n.startsWith("cls."));
      HfModels.save(base.model(), tmp);
      try (Checkpoint c = Checkpoint.open(tmp)) {
        assertThat(c.names())
            .contains("embeddings.word_embeddings.weight")
            .noneMatch(n -> n.startsWith("bert."));
      }
      // Base checkpoint (no prefix) into a classifier: the prefix is added, the head is new.
      BertConfig c =
          ((BertConfig) HfModels.readConfig(tmp)).withLabels(Labels.of(List.of("x", "y", "z")));
      HfModels.Loaded cls =
          HfModels.load(tmp, c, BertForSequenceClassification.class, m, LoadOptions.DEFAULTS);
      assertThat(cls.report().missing()).containsExactly("classifier.weight", "classifier.bias");
      assertThat(cls.report().unexpected()).isEmpty();
      assertThat(cls.report().summary())
          .contains("newly initialized: [classifier.weight, classifier.bias]");
      // The freshly initialised head: truncated normal weight, zero bias.
      float[] w = cls.model().namedParameters().get("classifier.weight").value().toFloatArray();
      float std = c.initializerRange();
      for (float v : w) {
        assertThat(Math.abs(v)).isLessThanOrEqualTo(2 * std);
      }
      assertThat(cls.model().namedParameters().get("classifier.bias").value().toFloatArray())
          .containsOnly(0f);
      // Masked LM from a pretraining checkpoint: pooler and NSP head are ignored, not unexpected.
      HfModels.Loaded mlm =
          HfModels.load(
              dir, HfModels.readConfig(dir), BertForMaskedLM.class, m, LoadOptions.DEFAULTS);
      assertThat(mlm.report().isComplete()).as(mlm.report().summary()).isTrue();
      assertThat(mlm.report().ignored())
          .anyMatch(n -> n.contains("pooler"))
          .anyMatch(n -> n.contains("seq_relationship"));
    }
  }

  @Test
  void shapeDisagreeingWithConfigNamesTheTensor() throws Exception {
    Path dir = SharedData.require("golden/bert-sequence-classification");
    try (NDManager m = NDManager.newBaseManager()) {
      BertConfig c = ((BertConfig) HfModels.readConfig(dir)).withVocabSize(100);
      assertThatThrownBy(
              () ->
                  HfModels.load(
                      dir, c, BertForSequenceClassification.class, m, LoadOptions.DEFAULTS))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("bert.embeddings.word_embeddings.weight")
          .hasMessageContaining("(99, 32)")
          .hasMessageContaining("(100, 32)")
          .hasMessageContaining("model.safetensors");
    }
  }

  @Test
  void finetuneSilentlyReinitialisedMismatchedEmbeddings() throws Exception {
    Path dir = SharedData.require("golden/bert-sequence-classification");
    try (NDManager m = NDManager.newBaseManager()) {
      BertConfig c = ((BertConfig) HfModels.readConfig(dir)).withVocabSize(100);
      assertThatThrownBy(
              () ->
                  HfModels.load(
                      dir,
                      c,
                      BertForSequenceClassification.class,
                      m,
                      LoadOptions.IGNORE_MISMATCHED_SIZES))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("bert.embeddings.word_embeddings.weight")
          .hasMessageContaining("(99, 32)")
          .hasMessageContaining("(100, 32)")
          .hasMessageContaining("only a task head (classifier.*, qa_outputs.*, score.*)");
    }
  }

  @Test
  void anIntegerTensorWasSilentlyConvertedIntoAFloatWeight(
      @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path golden = SharedData.require("golden/bert-sequence-classification");
    Path dir = java.nio.file.Files.createDirectories(tmp.resolve("int-weights"));
    java.nio.file.Files.copy(golden.resolve("config.json"), dir.resolve("config.json"));
    List<org.transfer4j.io.RawTensor> tensors = new java.util.ArrayList<>();
    try (org.transfer4j.io.SafeTensorsFile st =
        org.transfer4j.io.SafeTensorsFile.open(golden.resolve("model.safetensors"))) {
      for (org.transfer4j.io.TensorInfo t : st.tensors()) {
        float[] v = st.readFloats(t.name());
        if (t.name().endsWith("LayerNorm.weight")) {
          long[] ints = new long[v.length];
          java.util.Arrays.fill(ints, 1);
          tensors.add(org.transfer4j.io.RawTensor.ofLongs(t.name(), t.shape(), ints));
        } else {
          tensors.add(org.transfer4j.io.RawTensor.ofFloats(t.name(), t.shape(), v));
        }
      }
    }
    org.transfer4j.io.SafeTensorsWriter.write(
        dir.resolve("model.safetensors"), tensors, java.util.Map.of("format", "pt"));
    try (NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> HfModels.load(dir, m))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("LayerNorm.weight' is I64 but the weight it fills holds floats");
    }
  }

  @Test
  void mismatchedClassifierIsReinitialisedWhenAllowed() throws Exception {
    Path dir = SharedData.require("golden/bert-sequence-classification");
    try (NDManager m = NDManager.newBaseManager()) {
      BertConfig c =
          ((BertConfig) HfModels.readConfig(dir)).withLabels(Labels.of(List.of("a", "b")));
      HfModels.Loaded l =
          HfModels.load(
              dir, c, BertForSequenceClassification.class, m, LoadOptions.IGNORE_MISMATCHED_SIZES);
      assertThat(l.report().mismatched())
          .extracting(LoadReport.Mismatch::name)
          .containsExactly("classifier.weight", "classifier.bias");
      assertThat(l.report().missing()).isEmpty();
      assertThat(l.report().summary())
          .contains("classifier.weight: found shape [3, 32] in the checkpoint and [2, 32]");
      assertThat(l.model().namedParameters().get("classifier.weight").shape())
          .isEqualTo(new Shape(2, 32));
    }
  }

  @Test
  void fusedAttentionLoadsPartsInOrder() throws Exception {
    Path dir = SharedData.require("golden/bert-sequence-classification");
    try (NDManager m = NDManager.newBaseManager();
        Checkpoint ckpt = Checkpoint.open(dir)) {
      PretrainedModel model = HfModels.load(dir, m);
      float[] fused =
          model
              .namedParameters()
              .get("bert.encoder.layer.1.attention.self.qkv_weight")
              .value()
              .toFloatArray();
      float[] key = ckpt.readFloats("bert.encoder.layer.1.attention.self.key.weight");
      float[] middle = java.util.Arrays.copyOfRange(fused, key.length, 2 * key.length);
      assertThat(middle).containsExactly(key);
    }
  }
}
