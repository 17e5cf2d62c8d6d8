package org.transfer4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.BadInputException;

class SwagReaderTest {
  @TempDir Path tmp;

  private static final String SWAG =
      """
      video-id,fold-ind,startphrase,sent1,sent2,gold-source,ending0,ending1,ending2,ending3,label
      v1,5,x,"Students lower their eyes nervously.",She,gold,"pats her shoulder, then saws her head.",turns to the camera.,looks at her.,shrugs.,2
      v2,6,x,He is riding a bike.,He,gen,falls off.,rides away.,sings.,eats.,1
      """;

  /** Word encoder for a test vocabulary: each distinct word gets the next id from 10. */
  private static TokenEncoder words(java.util.Map<String, Integer> vocab) {
    return text -> {
      String[] w = text.strip().split("\\s+");
      int[] ids = new int[w.length];
      for (int i = 0; i < w.length; i++) {
        ids[i] = vocab.computeIfAbsent(w[i], k -> 10 + vocab.size());
      }
      return ids;
    };
  }

  @Test
  void readsRowsAndLaysOutClsSent1SepSent2EndingSep() throws Exception {
    Path f = Files.writeString(tmp.resolve("train.csv"), SWAG);
    List<MultipleChoiceExample> ex = SwagReader.read(f);
    assertThat(ex).hasSize(2);
    MultipleChoiceExample e = ex.get(1);
    assertThat(e.endings()).containsExactly("falls off.", "rides away.", "sings.", "eats.");
    assertThat(e.label()).isEqualTo(1);
    assertThat(e.pairs().get(2)).containsExactly("He is riding a bike.", "He sings.");

    java.util.Map<String, Integer> vocab = new java.util.LinkedHashMap<>();
    TokenEncoder enc = words(vocab);
    SpecialTokens sp = new SpecialTokens(0, 1, 2, 3, 4, 100);
    List<EncodedInput> choices = e.encode(BertLayout.pairEncoder(enc, sp, 64));
    assertThat(choices).hasSize(4);
    EncodedInput c = choices.get(2);
    int[] sent1 = enc.encode("He is riding a bike.");
    int[] rest = enc.encode("He sings.");
    assertThat(c.ids())
        .containsExactly(
            2, sent1[0], sent1[1], sent1[2], sent1[3], sent1[4], 3, rest[0], rest[1], 3);
    assertThat(c.typeIds()).containsExactly(0, 0, 0, 0, 0, 0, 0, 1, 1, 1);

    FineTuneBatcher b = new FineTuneBatcher(sp.pad(), BucketBatcher.bucketed(2));
    List<EncodedExample> encoded =
        ex.stream()
            .map(
                m ->
                    EncodedExample.choices(
                        m.encode(BertLayout.pairEncoder(enc, sp, 64)), m.label()))
            .toList();
    FineTuneBatch batch = b.collate(encoded, new int[] {0, 1});
    assertThat(batch.inputShape().getShape()).containsExactly(2, 4, batch.seqLen());
    assertThat(batch.labels()).containsExactly(2, 1);
    // Row 1, choice 2 starts at (1 * 4 + 2) * seq.
    int base = (4 + 2) * batch.seqLen();
    for (int t = 0; t < c.length(); t++) {
      assertThat(batch.inputIds()[base + t]).isEqualTo(c.ids()[t]);
      assertThat(batch.tokenTypeIds()[base + t]).isEqualTo(c.typeIds()[t]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          missing ending   | sent1,sent2,ending0,ending1,ending2,label\\na,b,x,,z,0\\nc,d,x,y,z,1\\n | t.csv:2 (row 1): ending1 is missing; every row needs all 3 endings
          short row        | sent1,sent2,ending0,ending1,label\\na,b,x,y,0\\nc,d,x\\n            | t.csv:3 (row 2): ending1 is missing
          no sent1         | sentence,sent2,ending0,ending1\\na,b,c,d\\n                          | no sent1 column 'sent1'; the columns found are: sentence, sent2, ending0, ending1
          one ending       | sent1,sent2,ending0\\na,b,c\\n                                       | at least two endings
          label range      | sent1,sent2,ending0,ending1,label\\na,b,x,y,2\\n                     | t.csv:2 (row 1): label 2 is not an ending index 0..1
          """)
  void badRowsNameTheRow(String what, String content, String message) throws Exception {
    Path f = Files.writeString(tmp.resolve("t.csv"), content.replace("\\n", "\n"));
    assertThatThrownBy(() -> SwagReader.read(f))
        .as(what)
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(message);
  }

  @Test
  void swagJsonLinesWereRejectedAsABadCsvHeader() throws Exception {
    Path sample = org.transfer4j.testing.SharedData.require("data/swag/sample.jsonl");
    List<MultipleChoiceExample> ex = SwagReader.read(sample);
    assertThat(ex).hasSize(10);
    assertThat(ex.get(0).sent1()).startsWith("Members of the procession");
    assertThat(ex.get(0).sent2()).isEqualTo("A drum line");
    assertThat(ex.get(0).endings()).hasSize(4);
    assertThat(ex.get(0).endings().get(0)).startsWith("passes by walking");
    assertThat(ex.get(0).label()).isZero();
    assertThat(ex.get(0).source()).isEqualTo(sample + ":1");
    // The same example as an endings array, label as a string (other exports).
    Path arr =
        Files.writeString(
            tmp.resolve("a.jsonl"),
            "{\"sent1\":\"A\",\"sent2\":\"B\",\"endings\":[\"x\",\"y\"],\"label\":\"1\"}\n");
    assertThat(SwagReader.read(arr).get(0).label()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"sent1\":\"A\",\"ending0\":\"x\",\"ending1\":true} | \"ending1\" must be a string",
        "{\"sent1\":\"A\",\"ending0\":\"x\",\"ending1\":\"y\",\"label\":2} | label 2 is not an ending index 0..1",
        "{\"sent1\":\"A\",\"ending0\":\"x\"} | at least two endings",
        "{\"ending0\":\"x\",\"ending1\":\"y\"} | sent1 is missing",
        "[1, 2] | $ must be a JSON object",
      })
  void badSwagJsonLinesAreOneErrorNamingTheLine(String line, String message) throws Exception {
    Path f = Files.writeString(tmp.resolve("bad.jsonl"), "\n" + line + "\n");
    assertThatThrownBy(() -> SwagReader.read(f))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(f + ":2: ")
        .hasMessageContaining(message);
  }
}
