package org.transfer4j.tokenize;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.BadInputException;

/**
 * Regression tests: tokenizer fields of the wrong JSON type were coerced ("yes" read as false, 5 as
 * the token "5") and ids beyond an int wrapped around (issue 11).
 */
class TokenizerFieldTypesTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "tokenizer_config.json   | {\"do_lower_case\": \"yes\"}  | $.do_lower_case must be true or false, got \"yes\"",
        "tokenizer_config.json   | {\"strip_accents\": 1}        | $.strip_accents must be true or false, got 1",
        "special_tokens_map.json | {\"unk_token\": 5}            | $.unk_token must be a token string",
        "special_tokens_map.json | {\"pad_token\": {\"content\": false}} | $.pad_token must be a token string",
      })
  void wrongJsonTypesInTokenizerConfigWereCoerced(String file, String json, String message)
      throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("bert"));
    Files.writeString(dir.resolve("vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\n");
    Files.writeString(dir.resolve(file), json);
    assertThatThrownBy(() -> Tokenizer.load(dir))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(dir.resolve(file) + ": ")
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"a\": 4294967296, \"b\": 1} | id 4294967296 is not an integer in 0..2147483647",
        "{\"a\": 1.5, \"b\": 1}        | id 1.5 is not an integer",
      })
  void vocabularyIdsBeyondAnIntWrappedAround(String vocab, String message) throws Exception {
    String json =
        "{\"version\":\"1.0\",\"model\":{\"type\":\"WordLevel\",\"vocab\":"
            + vocab
            + ",\"unk_token\":\"b\"}}";
    Path f = Files.writeString(tmp.resolve("tokenizer.json"), json);
    assertThatThrownBy(() -> Tokenizer.load(f))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(message);
  }
}
