package org.transfer4j.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.StateDict;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.bert.BertModel;

/** The importer's own list of BertModel parameters equals the model's checkpoint names/shapes. */
class BertOnnxImporterTest {
  @Test
  void parameterListIsBertModelsStateDict() {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    BertConfig c = BertConfig.of(2, 64).withVocabSize(50).withMaxPositionEmbeddings(16);
    for (boolean pooler : new boolean[] {true, false}) {
      try (NDManager m = NDManager.newBaseManager()) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (StateDict.Slot s : StateDict.slots(new BertModel(c, m, pooler)).values()) {
          if (s.canonical()) {
            expected.put(s.name(), s.shape().toString());
          }
        }
        Map<String, String> ours = new LinkedHashMap<>();
        BertOnnxImporter.parameters(c, pooler)
            .forEach((k, v) -> ours.put(k, new ai.djl.ndarray.types.Shape(v).toString()));
        assertThat(ours).as("pooler " + pooler).containsExactlyInAnyOrderEntriesOf(expected);
      }
    }
  }
}
