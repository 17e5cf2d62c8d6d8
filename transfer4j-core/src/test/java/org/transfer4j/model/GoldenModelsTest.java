package org.transfer4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.testing.SharedData;

/** Every BERT/DistilBERT golden folder loads completely and reproduces the reference outputs. */
class GoldenModelsTest {
  @BeforeAll
  static void engine() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "bert-pretraining, BertForPreTraining, 9",
    "bert-sequence-classification, BertForSequenceClassification, 1",
    "bert-token-classification, BertForTokenClassification, 1",
    "bert-multiple-choice, BertForMultipleChoice, 1",
    "distilbert-sequence-classification, DistilBertForSequenceClassification, 7"
  })
  void loadsCompletelyAndMatchesReference(String folder, String architecture, int tensors)
      throws Exception {
    Path dir = SharedData.require("golden/" + folder);
    try (NDManager m = NDManager.newBaseManager()) {
      HfModels.Loaded loaded = HfModels.loadWithReport(dir, m, LoadOptions.DEFAULTS);
      LoadReport r = loaded.report();
      assertThat(r.missing()).as(r.summary()).isEmpty();
      assertThat(r.unexpected()).as(r.summary()).isEmpty();
      assertThat(r.mismatched()).isEmpty();
      assertThat(loaded.model().architecture()).isEqualTo(architecture);
      loaded.model().train(false);
      try (NDManager step = m.newSubManager()) {
        Map<String, NDArray> out =
            loaded.model().forwardNamed(Golden.inputs(dir, step), OutputOptions.ALL);
        int compared = Golden.assertMatches(dir, Golden.values(out), Golden.shapes(out));
        assertThat(compared).isEqualTo(tensors);
      }
    }
  }
}
