package org.transfer4j.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.BadInputException;
import org.transfer4j.data.ClassificationColumns;
import org.transfer4j.data.TextExample;

/** Regression tests: predict guessed a single text where a pair model needed two (issue 11). */
class PredictorPairInputTest {
  static final ClassificationColumns PAIR =
      new ClassificationColumns("sentence1", "sentence2", "label");
  static final ClassificationColumns SINGLE = new ClassificationColumns("sentence", null, "label");

  static ClassificationColumns columns(String kind) {
    return kind.equals("pair") ? PAIR : SINGLE;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "pair   | {\"text\": \"a\", \"text_pair\": \"b\"}           | a   | b",
        "pair   | {\"sentence1\": \"a\", \"sentence2\": \"b\"}      | a   | b",
        "pair   | 'a\tb'                                            | a   | b",
        "single | {\"text\": \"x y\"}                               | x y |",
        "single | {\"sentence\": \"x\"}                             | x   |",
        "single | 'x\ty'                                            | 'x\ty' |",
      })
  void aPairModelAcceptsTextTextPairAndTheTrainingColumns(
      String kind, String line, String text, String pair) {
    TextExample e = Predictor.pairOrText(line, columns(kind), "in.jsonl", 3);
    assertThat(e.text()).isEqualTo(text);
    assertThat(e.pair()).isEqualTo(pair);
    assertThat(e.source()).isEqualTo("in.jsonl:3");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "pair   | two words no tab        | trained on text pairs, but the line has 0 tabs",
        "pair   | 'a\tb\tc'               | the line has 2 tabs",
        "pair   | {\"text\": \"a\"}       | give the second text as \"sentence2\" or \"text_pair\"",
        "single | {\"review\": \"a\"}     | no \"sentence\" or \"text\" key",
        "pair   | {\"text\": 3, \"text_pair\": [1]} | $.text_pair is missing or not a string",
      })
  void aLineAPairModelCannotSplitWasGuessedAsOneText(String kind, String line, String message) {
    assertThatThrownBy(() -> Predictor.pairOrText(line, columns(kind), "in.jsonl", 3))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("in.jsonl:3: ")
        .hasMessageContaining(message);
  }
}
