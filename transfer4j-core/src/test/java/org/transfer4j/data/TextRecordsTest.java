package org.transfer4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.transfer4j.BadInputException;

/** TextRecords with a label column, as index build reads its input (formerly search.TextRows). */
class TextRecordsTest {
  @TempDir Path tmp;

  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of(
            "in.csv", "id,text,category\n1,\"Hello, world\",greet\n2,Bye,leave\n", "category"),
        Arguments.of("in.tsv", "text\tcategory\nHello, world\tgreet\nBye\tleave\n", "category"),
        Arguments.of(
            "in.jsonl",
            "{\"text\": \"Hello, world\", \"category\": \"greet\"}\n\n"
                + "{\"text\": \"Bye\", \"category\": \"leave\"}\n",
            "category"),
        Arguments.of("in.txt", "Hello, world\n\n  Bye  \n", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void readsTextsAndLabelsOfEveryFormat(String name, String content, String labelColumn)
      throws IOException {
    Path f = Files.writeString(tmp.resolve(name), content);
    List<TextRecords.Row> rows = new ArrayList<>();
    String column = TextRecords.isPlainText(f) ? null : "text";
    try (TextRecords r = TextRecords.open(f, column, labelColumn)) {
      while (r.hasNext()) {
        rows.add(r.nextRow());
      }
    }
    assertThat(rows).extracting(TextRecords.Row::text).containsExactly("Hello, world", "Bye");
    if (labelColumn != null) {
      assertThat(rows).extracting(TextRecords.Row::label).containsExactly("greet", "leave");
    }
    assertThat(rows.get(1).source()).startsWith(f.toString() + ":");
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("a.csv", "body,category\nx,y\n", "category", "no text column 'text'"),
        Arguments.of("b.csv", "text,category\nx,\n", "category", "b.csv:2: label column"),
        Arguments.of(
            "c.jsonl", "{\"text\": \"x\"}\n", "category", "c.jsonl:1: $.category is missing"),
        Arguments.of("d.jsonl", "not json\n", null, "d.jsonl:1: not valid JSON"),
        Arguments.of("e.txt", "x\n", "category", "plain text has one text per line"));
  }

  @ParameterizedTest(name = "{3}")
  @MethodSource("errors")
  void badInputNamesTheFileAndLine(String name, String content, String label, String message)
      throws IOException {
    Path f = Files.writeString(tmp.resolve(name), content);
    assertThatThrownBy(
            () -> {
              try (TextRecords r =
                  TextRecords.open(f, TextRecords.isPlainText(f) ? null : "text", label)) {
                r.forEachRemaining(x -> {});
              }
            })
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(message);
  }
}
