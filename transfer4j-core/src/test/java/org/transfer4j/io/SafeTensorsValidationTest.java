package org.transfer4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.transfer4j.BadInputException;

/**
 * Hostile and corrupt files: each must fail with a {@link BadInputException} whose one-line message
 * names the file and, where one is to blame, the tensor.
 */
class SafeTensorsValidationTest {
  @TempDir Path tmp;

  /** A file with the given header (padded to 8 bytes) followed by {@code dataBytes} zero bytes. */
  static byte[] file(String header, int dataBytes) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    int n = (h.length + 7) / 8 * 8;
    ByteBuffer b = ByteBuffer.allocate(8 + n + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(n).put(h);
    for (int i = h.length; i < n; i++) {
      b.put((byte) ' ');
    }
    return b.array();
  }

  static byte[] rawHeader(long declaredLength, byte[] rest) {
    ByteBuffer b = ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN);
    return b.putLong(declaredLength).put(rest).array();
  }

  static String t(String name, String dtype, String shape, long begin, long end) {
    return "\""
        + name
        + "\":{\"dtype\":\""
        + dtype
        + "\",\"shape\":"
        + shape
        + ",\"data_offsets\":["
        + begin
        + ","
        + end
        + "]}";
  }

  static Arguments bad(String label, byte[] content, String... fragments) {
    return Arguments.of(label, content, fragments);
  }

  static Stream<Arguments> badFiles() {
    String a = t("a", "F32", "[2]", 0, 8);
    byte[] good = file("{" + a + "," + t("b", "I64", "[1]", 8, 16) + "}", 16);
    return Stream.of(
        bad("empty file", new byte[0], "fewer than the 8-byte header length"),
        bad("five bytes", new byte[5], "fewer than the 8-byte header length"),
        bad("truncated in the data", Arrays.copyOf(good, good.length - 3), "'b'", "truncated"),
        bad("truncated in the header", Arrays.copyOf(good, 20), "larger than the rest of the file"),
        bad(
            "header longer than the file",
            rawHeader(1000, new byte[] {'{', '}'}),
            "header length 1000 is larger than the rest of the file"),
        bad("header length over 100 MB", rawHeader(200_000_000L, new byte[16]), "exceeds"),
        bad("header length above 2^63", rawHeader(-8, new byte[16]), "18446744073709551608"),
        bad(
            "trailing bytes after the data",
            Arrays.copyOf(good, good.length + 8),
            "trailing bytes"),
        bad(
            "overlapping offsets",
            file("{" + t("a", "F32", "[2]", 0, 8) + "," + t("b", "F32", "[2]", 4, 12) + "}", 12),
            "'b'",
            "overlap tensor 'a'"),
        bad(
            "out-of-range offsets",
            file("{" + t("a", "F32", "[4]", 0, 16) + "}", 8),
            "'a'",
            "reach past the data section (8 bytes)"),
        bad(
            "gap between tensors",
            file("{" + t("a", "F32", "[1]", 0, 4) + "," + t("b", "F32", "[1]", 8, 12) + "}", 12),
            "'b'",
            "gap"),
        bad(
            "begin after end",
            file("{" + t("a", "F32", "[0]", 8, 4) + "}", 8),
            "'a'",
            "end before they begin"),
        bad(
            "unknown dtype",
            file("{" + t("w", "F8_E4M3", "[8]", 0, 8) + "}", 8),
            "'w'",
            "unknown or unsupported safetensors dtype 'F8_E4M3'",
            "BF16"),
        bad(
            "shape disagrees with the byte count",
            file("{" + t("w", "F32", "[2,3]", 0, 20) + "}", 20),
            "'w'",
            "needs 24 bytes",
            "span 20"),
        bad(
            "negative dimension",
            file("{" + t("w", "F32", "[-1]", 0, 4) + "}", 4),
            "'w'",
            "negative"),
        bad(
            "shape overflows",
            file("{" + t("w", "F64", "[4294967296,4294967296]", 0, 0) + "}", 0),
            "'w'",
            "overflows"),
        bad(
            "offset too large",
            file(
                "{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999]}}",
                1),
            "'w'",
            "too large"),
        bad(
            "integral float offset",
            file("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1.0]}}", 1),
            "'w'",
            "'1.0': not an integer"),
        bad(
            "fractional offset",
            file("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1.5]}}", 1),
            "'w'",
            "not an integer"),
        bad(
            "offset as a string",
            file("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,\"1\"]}}", 1),
            "'w'",
            "non-negative integers"),
        bad(
            "three offsets",
            file("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1,1]}}", 1),
            "'w'",
            "data_offsets has more than 2"),
        bad(
            "missing shape",
            file("{\"w\":{\"dtype\":\"U8\",\"data_offsets\":[0,1]}}", 1),
            "'w'",
            "missing shape"),
        bad("entry not an object", file("{\"w\":[1,2]}", 0), "'w'", "expected an object"),
        bad(
            "rank over 64",
            file("{" + t("w", "U8", "[" + "1,".repeat(70) + "1]", 0, 1) + "}", 1),
            "'w'",
            "more than 64"),
        bad("duplicate tensor", file("{" + a + "," + a + "}", 8), "'a'", "appears twice"),
        bad("non-JSON header", file("this is not json", 0), "not valid safetensors JSON"),
        bad("JSON array header", file("[1,2,3]", 0), "not a JSON object"),
        bad("unterminated JSON", file("{\"a\":{\"dtype\":", 0), "not valid safetensors JSON"),
        bad("garbage after the object", file("{" + a + "} x", 8), "not valid safetensors JSON"),
        bad(
            "NUL padding instead of spaces",
            rawHeader(8, new byte[] {'{', '}', 0, 0, 0, 0, 0, 0}),
            "not valid safetensors JSON"),
        bad(
            "invalid UTF-8",
            rawHeader(8, new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}', ' '}),
            "UTF-8"),
        bad(
            "deep nesting in an ignored field",
            file("{\"w\":{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}}", 0),
            "not valid safetensors JSON",
            "Nesting limit"),
        bad(
            "metadata value not a string",
            file("{\"__metadata__\":{\"format\":1}}", 0),
            "__metadata__ entry 'format' must be a string"),
        bad(
            "name with a newline",
            file("{" + t("a\\nb", "F32", "[2]", 0, 4) + "}", 4),
            "'a\\u000ab'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void badFilesAreNamedAndExplained(String label, byte[] content, String[] fragments)
      throws IOException {
    Path p = tmp.resolve("bad.safetensors");
    Files.write(p, content);
    assertThatThrownBy(
            () -> {
              try (SafeTensorsFile f = SafeTensorsFile.open(p)) {
                for (TensorInfo t : f.tensors()) {
                  f.readBytes(t.name());
                }
              }
            })
        .as(label)
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("safetensors file " + p)
        .hasMessageContainingAll(fragments)
        .hasMessageNotContaining("\n");
  }

  @Test
  void readingTheWrongKindOrAMissingTensorIsNamed() throws IOException {
    Path p = tmp.resolve("k.safetensors");
    SafeTensorsWriter.write(
        p,
        List.of(
            RawTensor.ofFloats("w", new long[] {1}, new float[] {1}),
            RawTensor.ofLongs("ids", new long[] {1}, new long[] {1})),
        Map.of());
    try (SafeTensorsFile f = SafeTensorsFile.open(p)) {
      assertThatThrownBy(() -> f.readLongs("w"))
          .isInstanceOf(BadInputException.class)
          .hasMessageContainingAll("'w'", "F32", "integer tensor is needed");
      assertThatThrownBy(() -> f.readFloats("ids"))
          .isInstanceOf(BadInputException.class)
          .hasMessageContainingAll("'ids'", "I64", "floating-point");
      assertThatThrownBy(() -> f.readFloats("nope"))
          .isInstanceOf(BadInputException.class)
          .hasMessageContainingAll(p.toString(), "'nope'", "no such tensor");
      assertThat(f.find("nope")).isEmpty();
    }
    assertThatThrownBy(() -> SafeTensorsFile.open(tmp.resolve("absent.safetensors")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void spaceTabsAndUnknownFieldsInAValidHeaderAreAccepted() throws IOException {
    Path p = tmp.resolve("ok.safetensors");
    String header =
        "{ \"__metadata__\" : {\"format\":\"pt\"},\n\t\"w\":{\"dtype\":\"U8\",\"extra\":{\"x\":[1,{}]},"
            + "\"shape\":[2],\"data_offsets\":[0,2]}, \"z\":{\"dtype\":\"F32\",\"shape\":[0,3],"
            + "\"data_offsets\":[2,2]}, \"s\":{\"dtype\":\"I8\",\"shape\":[],\"data_offsets\":[2,3]}}";
    byte[] content = file(header, 3);
    int data = content.length - 3;
    content[data] = 4;
    content[data + 1] = (byte) 200;
    content[data + 2] = -5;
    Files.write(p, content);
    try (SafeTensorsFile f = SafeTensorsFile.open(p)) {
      assertThat(f.metadata()).containsExactly(Map.entry("format", "pt"));
      assertThat(f.readLongs("w")).containsExactly(4, 200);
      assertThat(f.readFloats("z")).isEmpty();
      assertThat(f.readLongs("s")).containsExactly(-5);
      assertThat(f.info("s").rank()).isZero();
    }
  }

  @Test
  void closedFileRefusesReads() throws IOException {
    Path p = tmp.resolve("c.safetensors");
    SafeTensorsWriter.write(
        p, List.of(RawTensor.ofFloats("w", new long[] {1}, new float[] {1})), Map.of());
    SafeTensorsFile f = SafeTensorsFile.open(p);
    f.close();
    assertThatThrownBy(() -> f.readFloats("w"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  /** Regression: a file that shrinks after opening must not be read past its new end. */
  @Test
  void fileTruncatedAfterOpeningIsReportedNotCrashed() throws IOException {
    Path p = tmp.resolve("shrink.safetensors");
    SafeTensorsWriter.write(
        p, List.of(RawTensor.ofFloats("w", new long[] {1024}, new float[1024])), Map.of());
    try (SafeTensorsFile f = SafeTensorsFile.open(p)) {
      try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.WRITE)) {
        ch.truncate(100);
      }
      assertThatThrownBy(() -> f.readFloats("w"))
          .isInstanceOf(BadInputException.class)
          .hasMessageContainingAll("'w'", "changed size since it was opened");
    }
  }
}
