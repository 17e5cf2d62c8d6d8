package org.transfer4j.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transfer4j.BadInputException;
import org.transfer4j.tokenize.train.Progress;

class EmbedFilesTest {
  @TempDir static Path shared;
  @TempDir Path tmp;

  static SentenceEncoder encoder;
  static final List<String> TEXTS =
      List.of(
          EmbedFixtures.text(5, 6, 7),
          EmbedFixtures.text(8),
          EmbedFixtures.text(9, 10, 11, 12, 13, 14, 15),
          EmbedFixtures.text(16, 17),
          EmbedFixtures.text(5, 6, 7));

  @BeforeAll
  static void load() throws IOException {
    Path dir = EmbedFixtures.bert(shared.resolve("m"));
    encoder = SentenceEncoder.load(dir.toString(), EncoderOptions.defaults().withBatchSize(2));
  }

  @AfterAll
  static void close() {
    if (encoder != null) {
      encoder.close();
    }
  }

  /** Parses a .npy file by the NumPy format description, independently of NpyWriter. */
  static float[][] readNpy(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    assertThat(b[0] & 0xff).isEqualTo(0x93);
    assertThat(new String(b, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
    assertThat(b[6]).isEqualTo((byte) 1);
    int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
    assertThat((10 + headerLen) % 64).as("data aligned to 64 bytes").isZero();
    String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
    assertThat(header).contains("'descr': '<f4'").contains("'fortran_order': False").endsWith("\n");
    var m = java.util.regex.Pattern.compile("'shape': \\((\\d+), (\\d+)\\)").matcher(header);
    assertThat(m.find()).as(header).isTrue();
    int rows = Integer.parseInt(m.group(1));
    int cols = Integer.parseInt(m.group(2));
    assertThat(b.length).isEqualTo(10 + headerLen + 4 * rows * cols);
    ByteBuffer data = ByteBuffer.wrap(b, 10 + headerLen, 4 * rows * cols);
    data.order(ByteOrder.LITTLE_ENDIAN);
    float[][] out = new float[rows][cols];
    for (float[] row : out) {
      for (int c = 0; c < cols; c++) {
        row[c] = data.getFloat();
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "in.txt, , ",
    "in.csv, id;text, text",
    "in.tsv, sentence;id, sentence",
    "in.jsonl, , body",
  })
  void npyAndJsonlReadBackEqualTheEncoder(String name, String header, String column)
      throws IOException {
    Path input = tmp.resolve(name);
    StringBuilder b = new StringBuilder();
    if (name.endsWith(".csv") || name.endsWith(".tsv")) {
      String sep = name.endsWith(".csv") ? "," : "\t";
      b.append(header.replace(";", sep)).append('\n');
      for (int i = 0; i < TEXTS.size(); i++) {
        b.append(header.startsWith("id") ? i + sep + TEXTS.get(i) : TEXTS.get(i) + sep + i);
        b.append('\n');
      }
    } else if (name.endsWith(".jsonl")) {
      for (String t : TEXTS) {
        b.append("{\"id\": 1, \"body\": \"").append(t).append("\"}\n");
      }
    } else {
      for (String t : TEXTS) {
        b.append(t).append("\n\n"); // blank lines are skipped
      }
    }
    Files.writeString(input, b.toString());
    float[][] want = encoder.encode(TEXTS);

    EncodeStats s = EmbedFiles.embed(encoder, input, column, tmp.resolve("v.npy"), Progress.none());
    assertThat(s.texts()).isEqualTo(TEXTS.size());
    float[][] npy = readNpy(tmp.resolve("v.npy"));
    assertThat(npy).hasDimensions(TEXTS.size(), encoder.dimension());
    for (int i = 0; i < want.length; i++) {
      assertClose(npy[i], want[i], "npy row " + i);
    }

    EmbedFiles.embed(encoder, input, column, tmp.resolve("v.jsonl"), Progress.none());
    List<String> lines = Files.readAllLines(tmp.resolve("v.jsonl"));
    assertThat(lines).hasSize(TEXTS.size());
    for (int i = 0; i < lines.size(); i++) {
      JsonObject o = JsonParser.parseString(lines.get(i)).getAsJsonObject();
      assertThat(o.get("text").getAsString()).isEqualTo(TEXTS.get(i));
      JsonArray v = o.getAsJsonArray("vector");
      float[] got = new float[v.size()];
      for (int d = 0; d < got.length; d++) {
        got[d] = v.get(d).getAsFloat();
      }
      assertClose(got, want[i], "jsonl row " + i);
    }
    assertClose(npy[0], npy[4], "the same text twice");
    assertThat(Math.abs(npy[0][0] - npy[1][0])).isGreaterThan(1e-3f);
  }

  /**
   * Within 1e-6: a second forward pass of the same batch may differ in the last bit (libtorch picks
   * kernels by memory alignment), while any layout error (order, endianness, shape) is far larger.
   */
  static void assertClose(float[] got, float[] want, String what) {
    assertThat(got).as(what).hasSameSizeAs(want);
    for (int d = 0; d < want.length; d++) {
      assertThat(got[d]).as("%s dim %d", what, d).isCloseTo(want[d], within(1e-6f));
    }
  }

  @Test
  void badInputsGiveOneClearError() throws IOException {
    Path csv = tmp.resolve("in.csv");
    Files.writeString(csv, "id,sentence\n1,w5 w6\n");
    assertThatThrownBy(
            () -> EmbedFiles.embed(encoder, csv, null, tmp.resolve("v.npy"), Progress.none()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no text column 'text'")
        .hasMessageContaining("id, sentence");
    Path empty = tmp.resolve("empty.txt");
    Files.writeString(empty, "\n  \n");
    assertThatThrownBy(
            () -> EmbedFiles.embed(encoder, empty, null, tmp.resolve("v.npy"), Progress.none()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("empty.txt: no texts");
    Path headerOnly = tmp.resolve("h.csv");
    Files.writeString(headerOnly, "text\n");
    assertThatThrownBy(
            () ->
                EmbedFiles.embed(encoder, headerOnly, null, tmp.resolve("v.npy"), Progress.none()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no texts");
    Path txt = tmp.resolve("in.txt");
    Files.writeString(txt, "w5\n");
    assertThatThrownBy(
            () -> EmbedFiles.embed(encoder, txt, "text", tmp.resolve("v.npy"), Progress.none()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--column text")
        .hasMessageContaining("plain text");
    assertThatThrownBy(
            () -> EmbedFiles.embed(encoder, txt, null, tmp.resolve("v.csv"), Progress.none()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(".npy");
    Path jsonl = tmp.resolve("in.jsonl");
    Files.writeString(jsonl, "{\"text\": \"w5\"}\n{\"body\": \"w6\"}\n");
    assertThatThrownBy(
            () -> EmbedFiles.embed(encoder, jsonl, null, tmp.resolve("v.npy"), Progress.none()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("in.jsonl:2: $.text is missing");
    assertThat(tmp.resolve("v.npy")).as("no output after a failure").doesNotExist();
    assertThatThrownBy(
            () ->
                EmbedFiles.embed(
                    encoder, tmp.resolve("nope.txt"), null, tmp.resolve("v.npy"), Progress.none()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("nope.txt: no such file");
  }

  @Test
  void similarityMatrixIsSymmetricWithOnesOnTheDiagonalAndIsDrawn() throws IOException {
    float[][] v = encoder.encode(TEXTS);
    double[][] m = Similarity.cosine(v);
    for (int i = 0; i < m.length; i++) {
      assertThat(m[i][i]).isCloseTo(1.0, within(1e-6));
      for (int j = 0; j < m.length; j++) {
        assertThat(m[i][j]).isEqualTo(m[j][i]);
        double dot = 0;
        for (int d = 0; d < v[i].length; d++) {
          dot += (double) v[i][d] * v[j][d]; // the vectors are unit length already
        }
        assertThat(m[i][j]).isCloseTo(dot, within(1e-5));
      }
    }
    assertThat(m[0][4]).isCloseTo(1.0, within(1e-6)); // the same text twice
    assertThat(m[0][1]).isLessThan(0.9999);

    Path out = tmp.resolve("sim");
    Similarity.write(TEXTS, m, out, "tiny");
    List<CSVRecord> rows =
        CSVFormat.DEFAULT.parse(Files.newBufferedReader(out.resolve("matrix.csv"))).getRecords();
    assertThat(rows).hasSize(TEXTS.size() + 1);
    assertThat(rows.get(0).toList().subList(1, TEXTS.size() + 1)).isEqualTo(TEXTS);
    for (int i = 0; i < TEXTS.size(); i++) {
      assertThat(rows.get(i + 1).get(0)).isEqualTo(TEXTS.get(i));
      for (int j = 0; j < TEXTS.size(); j++) {
        assertThat(Double.parseDouble(rows.get(i + 1).get(j + 1))).isCloseTo(m[i][j], within(1e-6));
      }
    }
    BufferedImage png = ImageIO.read(out.resolve("heatmap.png").toFile());
    assertThat(png).isNotNull();
    assertThat(png.getWidth()).isGreaterThan(300);
  }

  @Test
  void similarityRefusesMoreTextsThanAPictureHolds() throws IOException {
    Path many = tmp.resolve("many.txt");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i <= Similarity.MAX_TEXTS; i++) {
      lines.add("w" + (5 + i % 90));
    }
    Files.write(many, lines);
    assertThatThrownBy(() -> Similarity.readTexts(many, null))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("more than " + Similarity.MAX_TEXTS);
    Files.write(many, lines.subList(0, Similarity.MAX_TEXTS));
    assertThat(Similarity.readTexts(many, null)).hasSize(Similarity.MAX_TEXTS);
  }
}
