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
class TaggingTaskTest {
  @BeforeAll
  static void engine() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
  }

  @Test
  void learnsRuleBasedNerToHighSpanF1(@TempDir Path dir) throws Exception {
    Path tok =
        TaskFixtures.tokenizer(
            Files.createDirectories(dir.resolve("tok")), TaskFixtures.allWords());
    Path out = dir.resolve("out");
    FinetuneResult r =
        TaggingTask.run(
            FinetuneConfig.builder(TaskFixtures.trainer(out, 2, 3e-3, "f1").build())
                .fromScratch(TaskFixtures.tinyBert(), tok)
                .train(TaskFixtures.conll(dir.resolve("train.conll"), 240, 1))
                .validation(TaskFixtures.conll(dir.resolve("valid.conll"), 50, 2))
                .test(TaskFixtures.conll(dir.resolve("test.conll"), 60, 3))
                .maxLength(32)
                .build());
    assertThat(r.testMetrics().get("f1")).isGreaterThan(0.9);
    assertThat(out.resolve("config.json"))
        .content()
        .contains("BertForTokenClassification", "\"B-LOC\"");
    assertThat(out.resolve("report/test/conlleval.txt")).content().contains("FB1");
    try (TaskModel m = TaskModel.load(out)) {
      Scores s = TaggingTask.evaluate(m, dir.resolve("test.conll"), 32);
      assertThat(s.metrics().get("f1")).isEqualTo(r.testMetrics().get("f1"));
    }
  }
}
