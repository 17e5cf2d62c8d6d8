package org.transfer4j.task;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.LoadReport;
import org.transfer4j.model.bert.BertForPreTraining;
import org.transfer4j.testing.SharedData;
import org.transfer4j.tokenize.Tokenizer;

/**
 * Fine-tuning from a pretraining folder: the load report counts the encoder and names new heads.
 */
@Tag("slow")
class PretrainedLoadTest {
  @BeforeAll
  static void engine() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
  }

  @Test
  void loadReportCountsEncoderTensorsAndNamesTheNewClassifier(@TempDir Path dir) throws Exception {
    Path pretrained = Files.createDirectories(dir.resolve("pretrained"));
    Path tok =
        TaskFixtures.tokenizer(
            Files.createDirectories(dir.resolve("tok")), TaskFixtures.allWords());
    Tokenizer tokenizer = Tokenizer.load(tok);
    try (NDManager m = NDManager.newBaseManager()) {
      BertForPreTraining model =
          HfModels.create(
              TaskFixtures.tinyBert().withVocabSize(tokenizer.vocabSize()),
              BertForPreTraining.class,
              m);
      HfModels.save(model, pretrained);
    }
    tokenizer.save(pretrained);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Path out = dir.resolve("out");
    FinetuneResult r =
        ClassificationTask.run(
            FinetuneConfig.builder(
                    TaskFixtures.trainer(out, 1, 3e-3, "accuracy").maxSteps(3).plots(false).build())
                .pretrained(pretrained)
                .train(TaskFixtures.classification(dir.resolve("train.csv"), 48, 1))
                .validation(TaskFixtures.classification(dir.resolve("valid.csv"), 16, 2))
                .maxLength(32)
                .log(new PrintStream(log, true, StandardCharsets.UTF_8))
                .build());
    LoadReport report = r.loadReport();
    // L2 BERT: embeddings (5) + 2 layers x 16 + pooler (2) = 39 tensors found by name and shape
    assertThat(report.loaded()).hasSize(39);
    assertThat(report.missing()).containsExactlyInAnyOrder("classifier.weight", "classifier.bias");
    assertThat(report.unexpected()).allMatch(n -> n.startsWith("cls."));
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("Loaded 39 tensors", "newly initialized: [classifier.");
    assertThat(out.resolve("load_report.txt")).content().contains("classifier.weight");
  }

  @Test
  void distilBertHubFolderFineTunesWithAnotherLabelSet(@TempDir Path dir) throws Exception {
    // a Hugging Face DistilBertForSequenceClassification folder with 2 labels (NEGATIVE/POSITIVE)
    Path hub = SharedData.require("golden/distilbert-sequence-classification");
    Path tok =
        TaskFixtures.tokenizer(
            Files.createDirectories(dir.resolve("tok")), TaskFixtures.allWords());
    Path out = dir.resolve("out");
    FinetuneResult r =
        ClassificationTask.run(
            FinetuneConfig.builder(TaskFixtures.trainer(out, 8, 3e-3, "accuracy").build())
                .pretrained(hub)
                .tokenizer(tok)
                .train(TaskFixtures.classification(dir.resolve("train.csv"), 240, 1))
                .validation(TaskFixtures.classification(dir.resolve("valid.csv"), 40, 2))
                .test(TaskFixtures.classification(dir.resolve("test.csv"), 60, 3))
                .maxLength(64) // capped at the folder's 24 positions
                .log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .build());
    // the 2-label classifier does not fit 3 labels: re-initialised and reported, not an error
    assertThat(r.loadReport().mismatched())
        .extracting(LoadReport.Mismatch::name)
        .containsExactlyInAnyOrder("classifier.weight", "classifier.bias");
    assertThat(r.testMetrics().get("accuracy")).isGreaterThan(0.6);
    assertThat(out.resolve("config.json"))
        .content()
        .contains("DistilBertForSequenceClassification", "\"sports\"");
    assertThat(out.resolve("task.json")).content().contains("\"max_length\": 24");
  }
}
