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
class ChoiceTaskTest {
  @BeforeAll
  static void engine() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
  }

  @Test
  void learnsToPickTheEndingThatMatchesTheContext(@TempDir Path dir) throws Exception {
    Path tok =
        TaskFixtures.tokenizer(
            Files.createDirectories(dir.resolve("tok")), TaskFixtures.allWords());
    Path out = dir.resolve("out");
    FinetuneResult r =
        ChoiceTask.run(
            FinetuneConfig.builder(TaskFixtures.trainer(out, 6, 3e-3, "accuracy").build())
                .fromScratch(TaskFixtures.tinyBert(), tok)
                .train(TaskFixtures.swag(dir.resolve("train.csv"), 240, 1))
                .validation(TaskFixtures.swag(dir.resolve("valid.csv"), 50, 2))
                .test(TaskFixtures.swag(dir.resolve("test.csv"), 60, 3))
                .maxLength(32)
                .build());
    // four choices: chance is 0.25
    assertThat(r.testMetrics().get("accuracy")).isGreaterThan(0.6);
    assertThat(out.resolve("config.json")).content().contains("BertForMultipleChoice");
    try (TaskModel m = TaskModel.load(out)) {
      Scores s = ChoiceTask.evaluate(m, dir.resolve("test.csv"), 32);
      assertThat(s.metrics().get("accuracy")).isEqualTo(r.testMetrics().get("accuracy"));
    }
  }
}
