package org.transfer4j.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.BadInputException;
import org.transfer4j.testing.SharedData;

/**
 * Regression tests: ids outside an embedding table failed with PyTorch's "index out of range in
 * self", naming neither the id nor the limit (issue 11). The golden BERT has vocab_size 99 and
 * type_vocab_size 2. (Too long an input was already refused by the model, naming
 * max_position_embeddings.)
 */
class InputIdsRangeTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "3  | 99 | 0 | id 99 is outside the model's vocab_size of 99 (ids 0..98)",
        "3  | -1 | 0 | id -1 is outside the model's vocab_size of 99",
        "3  | 5  | 2 | id 2 is outside the model's type_vocab_size of 2 (ids 0..1)",
        "3  | 5  | -1 | id -1 is outside the model's type_vocab_size of 2",
      })
  void idsOutsideTheEmbeddingsFailedAsIndexOutOfRangeInSelf(
      int length, long id, long type, String message) throws Exception {
    Path dir = SharedData.require("golden/bert-sequence-classification");
    try (NDManager m = NDManager.newBaseManager()) {
      PretrainedModel model = HfModels.load(dir, m);
      long[][] ids = new long[1][length];
      long[][] types = new long[1][length];
      java.util.Arrays.fill(ids[0], 5);
      ids[0][1] = id;
      types[0][1] = type;
      ModelInput input = new ModelInput(m.create(ids), null, m.create(types));
      assertThatThrownBy(() -> model.forwardNamed(input, OutputOptions.NONE))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining(message);
    }
  }
}
