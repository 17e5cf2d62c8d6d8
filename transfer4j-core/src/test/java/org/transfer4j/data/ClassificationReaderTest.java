package org.transfer4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.transfer4j.BadInputException;
import org.transfer4j.testing.SharedData;

class ClassificationReaderTest {
  @TempDir Path tmp;

  private static final ClassificationColumns PAIR =
      new ClassificationColumns("text", "text_pair", "label");

  static Stream<Arguments> sameExamples() {
    return Stream.of(
        Arguments.of(
            "d.csv",
            "text,text_pair,label\n\"Hi, there\",yes,pos\nbad day,\"say \"\"no\"\"\",neg\nok,fine,pos\n"),
        Arguments.of(
            "d.tsv",
            "text\ttext_pair\tlabel\nHi, there\tyes\tpos\nbad day\tsay \"no\"\tneg\nok\tfine\tpos\n"),
        Arguments.of(
            "d.jsonl",
            "{\"text\":\"Hi, there\",\"text_pair\":\"yes\",\"label\":\"pos\"}\n\n"
                + "{\"text\":\"bad day\",\"text_pair\":\"say \\\"no\\\"\",\"label\":\"neg\"}\n"
                + "{\"text\":\"ok\",\"text_pair\":\"fine\",\"label\":\"pos\"}\n"));
  }

  /** The same three examples in every format. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("sameExamples")
  void everyFormatReadsTheSameExamples(String name, String content) throws Exception {
    Path f = tmp.resolve(name);
    Files.writeString(f, content);
    List<TextExample> ex = ClassificationReader.read(f, PAIR);
    assertThat(ex).extracting(TextExample::text).containsExactly("Hi, there", "bad day", "ok");
    assertThat(ex).extracting(TextExample::pair).containsExactly("yes", "say \"no\"", "fine");
    assertThat(ex).extracting(TextExample::label).containsExactly("pos", "neg", "pos");
    assertThat(ex.get(1).source()).endsWith(name + ":3");
  }

  @Test
  void fastTextLabelsIncludingMultiLabel() throws Exception {
    Path f = tmp.resolve("d.txt");
    Files.writeString(f, "__label__a hello world\n\n__label__b __label__c  two labels here\n");
    List<TextExample> ex = ClassificationReader.read(f, ClassificationColumns.defaults());
    assertThat(ex).hasSize(2);
    assertThat(ex.get(0).labels()).containsExactly("a");
    assertThat(ex.get(0).text()).isEqualTo("hello world");
    assertThat(ex.get(1).labels()).containsExactly("b", "c");
    assertThat(ex.get(1).text()).isEqualTo("two labels here");
    LabelVocabulary v = LabelVocabulary.fromTraining(ex);
    assertThat(v.multiLabel()).isTrue();
    assertThat(v.multiHot(ex.get(1).labels())).containsExactly(0, 1, 1);
  }

  @Test
  void jsonlNumberAndArrayLabels() throws Exception {
    Path f = tmp.resolve("d.jsonl");
    Files.writeString(
        f, "{\"text\":\"a\",\"label\":2}\n{\"text\":\"b\",\"label\":[\"x\",\"y\"]}\n");
    List<TextExample> ex = ClassificationReader.read(f, ClassificationColumns.defaults());
    assertThat(ex.get(0).labels()).containsExactly("2");
    assertThat(ex.get(0).pair()).isNull();
    assertThat(ex.get(1).labels()).containsExactly("x", "y");
  }

  @Test
  void banking77TrainHas10003RowsAnd77Labels() throws Exception {
    Path train = SharedData.require("data/banking77/train.csv");
    List<TextExample> ex =
        ClassificationReader.read(train, new ClassificationColumns("text", null, "category"));
    assertThat(ex).hasSize(10_003);
    LabelVocabulary labels = LabelVocabulary.fromTraining(ex);
    assertThat(labels.size()).isEqualTo(77);
    assertThat(labels.multiLabel()).isFalse();
    assertThat(labels.labels()).isSorted().contains("card_arrival");
    Path test = SharedData.require("data/banking77/test.csv");
    List<TextExample> t =
        ClassificationReader.read(test, new ClassificationColumns("text", null, "category"));
    assertThat(t).hasSize(3_080);
    labels.requireKnown(t, "test");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          missing text column  | d.csv   | sentence,label\\nhi,a\\n                 | no text column 'text'; the columns found are: sentence, label
          missing label column | d.csv   | text,category\\nhi,a\\n                  | no label column 'label'; the columns found are: text, category
          ragged row           | d.csv   | text,label\\nhi,a\\nhey,b,c\\n           | d.csv:3: 3 fields but the header has 2
          empty label          | d.csv   | text,label\\nhi,\\n                      | d.csv:2: label column 'label' is empty
          header only          | d.csv   | text,label\\n                           | no examples
          unclosed quote       | d.csv   | text,label\\n"hi,a\\n                   | malformed CSV
          json syntax          | d.jsonl | {"text":"a","label":"x"}\\n{"text":\\n  | d.jsonl:2: not valid JSON
          json missing key     | d.jsonl | {"txt":"a","label":"x"}\\n              | d.jsonl:1: $.text is missing; keys found: txt, label
          json wrong type      | d.jsonl | {"text":["a"],"label":"x"}\\n           | d.jsonl:1: $.text must be a string
          json bad label       | d.jsonl | {"text":"a","label":[{}]}\\n            | d.jsonl:1: $.label[0] must be
          fasttext no label    | d.txt   | __label__a ok\\njust text\\n            | d.txt:2: no label
          fasttext no text     | d.txt   | __label__a\\n                           | d.txt:1: labels but no text
          unknown extension    | d.xml   | x                                      | unknown data format
          """)
  void badInputNamesFileLineAndFix(String what, String name, String content, String message)
      throws Exception {
    Path f = tmp.resolve(name);
    Files.writeString(f, content.replace("\\n", "\n"));
    assertThatThrownBy(() -> ClassificationReader.read(f, ClassificationColumns.defaults()))
        .as(what)
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(message);
  }

  @Test
  void labelsNeverSeenInTrainingAreListed() {
    List<TextExample> train =
        List.of(
            new TextExample("a", null, List.of("pos"), "t:1"),
            new TextExample("b", null, List.of("neg"), "t:2"));
    List<TextExample> test =
        List.of(
            new TextExample("c", null, List.of("pos"), "x:1"),
            new TextExample("d", null, List.of("neutral"), "x:2"),
            new TextExample("e", null, List.of("mixed"), "x:3"));
    LabelVocabulary v = LabelVocabulary.fromTraining(train);
    assertThat(v.labels()).containsExactly("neg", "pos");
    assertThatThrownBy(() -> v.requireKnown(test, "test"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("test split has 2 label(s) never seen in training: mixed, neutral")
        .hasMessageContaining("first at x:2");
  }

  @ParameterizedTest
  @CsvSource({
    "'10,2,0,1', '0,1,2,10'",
    "'b,a,B', 'B,a,b'",
    "'-1,3,1', '-1,1,3'",
    "'1,x,2', '1,2,x'"
  })
  void labelOrderIsNumericForIntegersElseLexicographic(String labels, String expected) {
    LabelVocabulary v = LabelVocabulary.of(List.of(labels.split(",")), false);
    assertThat(v.labels()).containsExactly(expected.split(","));
    assertThat(v.id(v.label(1))).isEqualTo(1);
  }
}
