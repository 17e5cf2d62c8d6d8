package org.transfer4j.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.BadInputException;
import org.transfer4j.model.ConfigJson;

/**
 * Regression tests: a data or config file with a Latin-1 byte failed with "Input length = 1" (no
 * file, no line, exit 1) instead of one error naming both (issue 11).
 */
class InvalidUtf8Test {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "train.csv   | text,label\\na,x\\ncaf\u00e9,y\\n                 | 3",
        "train.jsonl | {\"text\":\"a\",\"label\":\"x\"}\\n{\"text\":\"caf\u00e9\",\"label\":\"x\"}\\n | 2",
        "train.txt   | __label__x caf\u00e9\\n                             | 1",
        "train.conll | EU B-ORG\\n\\nCaf\u00e9 O\\n                      | 3",
        "swag.csv    | sent1,sent2,ending0,ending1,label\\na,b,c,caf\u00e9,0\\n | 2",
        "config.json | {\\n\"model_type\": \"caf\u00e9\"}                     | 2",
      })
  void invalidUtf8InADataFileWasAnErrorWithoutFileOrLine(String name, String text, int line)
      throws Exception {
    // Written as Latin-1: the e-acute becomes the single byte 0xe9, invalid in UTF-8.
    Path f = tmp.resolve(name);
    Files.write(f, text.replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> read(f))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(f + ":" + line + ": not valid UTF-8 (byte 0xe9)")
        .hasMessageContaining("convert the file to UTF-8");
  }

  static Object read(Path f) throws Exception {
    String n = f.getFileName().toString();
    if (n.endsWith(".conll")) {
      return ConllReader.read(f, ConllReader.LAST_COLUMN);
    }
    if (n.startsWith("swag")) {
      return SwagReader.read(f);
    }
    if (n.equals("config.json")) {
      return ConfigJson.read(f);
    }
    return ClassificationReader.read(f, ClassificationColumns.defaults());
  }
}
