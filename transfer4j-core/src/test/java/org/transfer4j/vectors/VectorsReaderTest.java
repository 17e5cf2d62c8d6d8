package org.transfer4j.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.transfer4j.BadInputException;
import org.transfer4j.testing.SharedData;

class VectorsReaderTest {
  @TempDir Path dir;

  private static final String GLOVE = "cat 1 0 0.5\ndog 0.5 1 0\nCat 0 0 1\n";
  private static final String VEC = "3 3\n" + GLOVE;

  /** The three layouts and three containers must give the same table. */
  static Stream<Arguments> files() {
    return Stream.of(
        Arguments.of("glove.txt", GLOVE.getBytes(StandardCharsets.UTF_8), "plain"),
        Arguments.of("wiki.vec", VEC.getBytes(StandardCharsets.UTF_8), "plain"),
        Arguments.of("wiki.vec.gz", VEC.getBytes(StandardCharsets.UTF_8), "gz"),
        Arguments.of("wiki.vec.zip", VEC.getBytes(StandardCharsets.UTF_8), "zip"),
        Arguments.of("glove.txt.zip", GLOVE.getBytes(StandardCharsets.UTF_8), "zip"),
        Arguments.of("w2v.bin", binary(), "plain"),
        Arguments.of("w2v.bin.gz", binary(), "gz"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void readsEveryLayoutAndContainer(String name, byte[] content, String container)
      throws IOException {
    Path f = write(name, content, container);
    WordVectors v = WordVectors.read(f, VectorsOptions.defaults());
    assertThat(v.dim()).isEqualTo(3);
    assertThat(v.size()).isEqualTo(3);
    assertThat(v.word(0)).isEmpty();
    assertThat(v.indexOf("cat")).isEqualTo(1);
    assertThat(v.vector("dog")).containsExactly(0.5f, 1f, 0f);
    assertThat(v.vector("Cat")).containsExactly(0f, 0f, 1f);
    float[] pad = new float[3];
    v.copyRow(0, pad, 0);
    assertThat(pad).containsExactly(0f, 0f, 0f);

    WordVectors lower = WordVectors.read(f, new VectorsOptions(0, true));
    assertThat(lower.size()).isEqualTo(2);
    assertThat(lower.vector("cat")).as("first wins").containsExactly(1f, 0f, 0.5f);
    assertThat(lower.duplicates()).isEqualTo(1);

    WordVectors first = WordVectors.read(f, new VectorsOptions(2, false));
    assertThat(first.size()).isEqualTo(2);
    assertThat(first.contains("Cat")).isFalse();
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        Arguments.of(
            "malformed number", "3 3\ncat 1 0 0.5\ndog 0.5 x 0\n", "v.vec:3: 'x' is not a number"),
        Arguments.of(
            "dimension mismatch with the header",
            "2 4\ncat 1 0 0.5\n",
            "v.vec:2: expected a word and 4 numbers, found 3"),
        Arguments.of(
            "dimension mismatch with the first line",
            "cat 1 0 0.5\ndog 1 0\n",
            "v.vec:2: expected a word and 3 numbers, found 2"),
        Arguments.of("empty", "\n\n", "the vectors file is empty"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void badLinesAreNamedByFileAndLine(String what, String content, String message) {
    assertThatThrownBy(
            () ->
                WordVectors.read(
                    write("v.vec", content.getBytes(StandardCharsets.UTF_8), "plain"),
                    VectorsOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(message);
  }

  @Test
  void duplicateWordsKeepTheFirst() throws IOException {
    Path f = write("d.txt", "a 1 2\nb 3 4\na 5 6\n".getBytes(StandardCharsets.UTF_8), "plain");
    WordVectors v = WordVectors.read(f, VectorsOptions.defaults());
    assertThat(v.size()).isEqualTo(2);
    assertThat(v.vector("a")).containsExactly(1f, 2f);
    assertThat(v.duplicates()).isEqualTo(1);
  }

  @Test
  void truncatedBinaryIsReported() throws IOException {
    byte[] b = binary();
    Path f = write("cut.bin", java.util.Arrays.copyOf(b, b.length - 5), "plain");
    assertThatThrownBy(() -> WordVectors.read(f, VectorsOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("cut short");
  }

  @Test
  void fastTextModelFileIsNamedAsSuch() throws IOException {
    byte[] model = {(byte) 0xBA, 0x16, 0x4F, 0x2F, 12, 0, 0, 0};
    Path f = write("ft.bin", model, "plain");
    assertThatThrownBy(() -> WordVectors.read(f, VectorsOptions.defaults()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("this is a fastText model")
        .hasMessageContaining(".vec");
  }

  @Test
  void realGloveSample() throws IOException {
    Path dir = SharedData.require("data/wordvectors");
    WordVectors v =
        WordVectors.read(dir.resolve("glove.6B.100d.sample.txt"), VectorsOptions.defaults());
    assertThat(v.dim()).isEqualTo(100);
    assertThat(v.size()).isEqualTo(100);
    assertThat(v.vector("the")[0]).isEqualTo(-0.038194f);
  }

  private Path write(String name, byte[] content, String container) throws IOException {
    Path f = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(f)) {
      switch (container) {
        case "gz" -> {
          try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
          }
        }
        case "zip" -> {
          try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(name.replace(".zip", "")));
            zip.write(content);
            zip.closeEntry();
          }
        }
        default -> out.write(content);
      }
    }
    return f;
  }

  /** word2vec's binary layout, as gensim's save_word2vec_format(binary=True) writes it. */
  private static byte[] binary() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("3 3\n".getBytes(StandardCharsets.UTF_8));
    String[] words = {"cat", "dog", "Cat"};
    float[][] v = {{1, 0, 0.5f}, {0.5f, 1, 0}, {0, 0, 1}};
    for (int i = 0; i < 3; i++) {
      out.writeBytes((words[i] + " ").getBytes(StandardCharsets.UTF_8));
      ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      for (float x : v[i]) {
        b.putFloat(x);
      }
      out.writeBytes(b.array());
      out.write('\n');
    }
    return out.toByteArray();
  }
}
