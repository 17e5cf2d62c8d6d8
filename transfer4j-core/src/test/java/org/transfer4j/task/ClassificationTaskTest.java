package org.transfer4j.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.engine.Bootstrap;

@Tag("slow")
class ClassificationTaskTest {
  @BeforeAll
  static void engine() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
  }

  @Test
  void learnsGeneratedTopicsFromScratchAndReloads(@TempDir Path dir) throws Exception {
    Path tok =
        TaskFixtures.tokenizer(
            Files.createDirectories(dir.resolve("tok")), TaskFixtures.allWords());
    Path out = dir.resolve("out");
    FinetuneResult r =
        ClassificationTask.run(
            FinetuneConfig.builder(TaskFixtures.trainer(out, 3, 3e-3, "accuracy").build())
                .fromScratch(TaskFixtures.tinyBert(), tok)
                .train(TaskFixtures.classification(dir.resolve("train.csv"), 240, 1))
                .validation(TaskFixtures.classification(dir.resolve("valid.csv"), 60, 2))
                .test(TaskFixtures.classification(dir.resolve("test.csv"), 90, 3))
                .maxLength(32)
                .build());
    // three balanced classes: chance is 1/3
    assertThat(r.testMetrics().get("accuracy")).isGreaterThan(0.9);
    assertThat(out.resolve("config.json"))
        .content()
        .contains("BertForSequenceClassification", "\"food\"");
    assertThat(out.resolve("report/test/report.json")).exists();
    assertThat(out.resolve("report/test/confusion_normalized.png")).exists();
    assertThat(out.resolve("tokenizer.json")).exists();
    try (TaskModel m = TaskModel.load(out)) {
      Scores s = ClassificationTask.evaluate(m, dir.resolve("test.csv"), 32);
      assertThat(s.metrics().get("accuracy")).isEqualTo(r.testMetrics().get("accuracy"));
    }
  }
}
