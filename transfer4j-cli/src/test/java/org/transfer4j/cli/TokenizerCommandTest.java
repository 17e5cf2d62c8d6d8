package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerCommandTest {
  @TempDir Path dir;
  Path tok;

  @BeforeEach
  void vocab() throws Exception {
    tok = Files.createDirectories(dir.resolve("bert"));
    Files.writeString(
        tok.resolve("vocab.txt"),
        String.join(
                "\n",
                List.of(
                    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "!", "how",
                    "are", "you", "?", "ab"))
            + "\n");
  }

  static JsonObject obj(String line) {
    return JsonParser.parseString(line).getAsJsonObject();
  }

  @Test
  void invalidUtf8ReplacedSilentlyByEncode() throws Exception {
    Path in = dir.resolve("latin1.txt");
    // Latin-1: the e-acute of line 2 and the two of line 3 are single bytes, invalid in UTF-8.
    Files.write(
        in, "hello\nhow are you\u00e9\n\u00e9\u00e9 world\n".getBytes(StandardCharsets.ISO_8859_1));
    CliTest.Result r =
        CliTest.run("tokenizer", "encode", "--tokenizer", tok.toString(), "--input", in.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines()).hasSize(3);
    assertThat(r.err())
        .contains(
            "warning: "
                + in
                + ": 3 invalid UTF-8 sequences replaced with U+FFFD (first at line 2)");
  }

  @Test
  void encodesLinesAndJsonlWithPairs() throws Exception {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "Hello world!\n{\"text\": \"how are you?\", \"text_pair\": \"hello\"}\n");
    CliTest.Result r =
        CliTest.run("tokenizer", "encode", "--tokenizer", tok.toString(), "--input", in.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(2);
    JsonObject first = obj(lines.get(0));
    assertThat(first.get("ids").toString()).isEqualTo("[2,5,6,7,3]");
    assertThat(first.get("tokens").toString())
        .isEqualTo("[\"[CLS]\",\"hello\",\"world\",\"!\",\"[SEP]\"]");
    assertThat(first.get("offsets").toString()).isEqualTo("[[0,0],[0,5],[6,11],[11,12],[0,0]]");
    assertThat(first.get("special_tokens_mask").toString()).isEqualTo("[1,0,0,0,1]");
    JsonObject second = obj(lines.get(1));
    assertThat(second.get("type_ids").toString()).isEqualTo("[0,0,0,0,0,0,1,1]");
  }

  @Test
  void theOverflowingWindowsCouldNotBeWritten() throws Exception {
    Path in = Files.writeString(dir.resolve("long.txt"), "hello world how are you ?\n");
    CliTest.Result r =
        CliTest.run(
            "tokenizer",
            "encode",
            "--tokenizer",
            tok.toString(),
            "-i",
            in.toString(),
            "--max-length",
            "5",
            "--stride",
            "1",
            "--return-overflowing");
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject o = obj(r.out().strip());
    assertThat(o.get("tokens").toString())
        .isEqualTo("[\"[CLS]\",\"hello\",\"world\",\"how\",\"[SEP]\"]");
    // Hugging Face's windows: 3 content tokens each, every window repeating the last --stride 1
    // token of the one before.
    assertThat(o.getAsJsonArray("overflowing")).hasSize(2);
    assertThat(o.getAsJsonArray("overflowing").get(0).getAsJsonObject().get("tokens").toString())
        .isEqualTo("[\"[CLS]\",\"how\",\"are\",\"you\",\"[SEP]\"]");
    assertThat(o.getAsJsonArray("overflowing").get(1).getAsJsonObject().get("ids").toString())
        .isEqualTo("[2,10,11,3]");
  }

  @Test
  void truncatesPadsAndWritesAFile() throws Exception {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "hello world hello world\thow are you\nhello\n");
    Path out = dir.resolve("out/enc.jsonl");
    CliTest.Result r =
        CliTest.run(
            "tokenizer",
            "encode",
            "--tokenizer",
            tok.toString(),
            "-i",
            in.toString(),
            "-o",
            out.toString(),
            "--pair-separator",
            "\t",
            "--max-length",
            "8",
            "--padding",
            "max_length",
            "--padding-side",
            "left");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(out);
    assertThat(obj(lines.get(0)).get("tokens").toString())
        .isEqualTo("[\"[CLS]\",\"hello\",\"world\",\"hello\",\"[SEP]\",\"how\",\"are\",\"[SEP]\"]");
    assertThat(obj(lines.get(0)).get("overflowing").getAsInt()).isPositive();
    assertThat(obj(lines.get(1)).get("tokens").toString())
        .startsWith("[\"[PAD]\"")
        .endsWith("\"[CLS]\",\"hello\",\"[SEP]\"]");
    assertThat(obj(lines.get(1)).get("attention_mask").toString()).isEqualTo("[0,0,0,0,0,1,1,1]");
  }

  @Test
  void noSpecialTokensAndDecodeRoundTrip() throws Exception {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "hello world!\n");
    CliTest.Result r =
        CliTest.run(
            "tokenizer",
            "encode",
            "--tokenizer",
            tok.toString(),
            "-i",
            in.toString(),
            "--no-add-special-tokens");
    assertThat(obj(r.out().strip()).get("ids").toString()).isEqualTo("[5,6,7]");
    Path ids = dir.resolve("ids.txt");
    Files.writeString(ids, "[2, 5, 6, 7, 3]\n" + r.out() + "5 6\n");
    CliTest.Result d =
        CliTest.run("tokenizer", "decode", "--tokenizer", tok.toString(), "-i", ids.toString());
    assertThat(d.code()).as(d.err()).isZero();
    assertThat(d.out().lines().toList())
        .containsExactly(
            "{\"text\":\"hello world!\"}",
            "{\"text\":\"hello world!\"}",
            "{\"text\":\"hello world\"}");
    CliTest.Result keep =
        CliTest.run(
            "tokenizer",
            "decode",
            "--tokenizer",
            tok.toString(),
            "-i",
            ids.toString(),
            "--no-skip-special-tokens",
            "--plain");
    assertThat(keep.out().lines().findFirst()).hasValue("[CLS] hello world! [SEP]");
  }

  @Test
  void badJsonlLineIsExitTwoWithTheLine() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.writeString(in, "{\"text\": \"hello\"}\n{\"txt\": \"oops\"}\n");
    CliTest.Result r =
        CliTest.run(
            "tokenizer",
            "encode",
            "--tokenizer",
            tok.toString(),
            "-i",
            in.toString(),
            "-o",
            dir.resolve("o.jsonl").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(in + " line 2: $.text is missing");
    assertThat(dir.resolve("o.jsonl")).doesNotExist();
    CliTest.Result d =
        CliTest.run("tokenizer", "decode", "--tokenizer", tok.toString(), "-i", in.toString());
    assertThat(d.code()).isEqualTo(2);
    assertThat(d.err()).contains("line 1: $.ids must be an array of ids");
  }

  @Test
  void invalidUtf8InputIsReplaced() throws Exception {
    Path in = dir.resolve("in.txt");
    byte[] bytes = "hello \u00FFX world\n".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(in, bytes);
    CliTest.Result r =
        CliTest.run("tokenizer", "encode", "--tokenizer", tok.toString(), "-i", in.toString());
    assertThat(r.code()).as(r.err()).isZero();
    // The lone 0xFF byte becomes U+FFFD, which BERT's clean-up then drops: "x" stays one word.
    assertThat(obj(r.out().strip()).get("tokens").toString())
        .isEqualTo("[\"[CLS]\",\"hello\",\"[UNK]\",\"world\",\"[SEP]\"]");
  }

  @Test
  void missingTokenizerIsExitTwo() {
    CliTest.Result r =
        CliTest.run("tokenizer", "encode", "--tokenizer", dir.resolve("none").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("does not exist");
  }

  @Test
  void subcommandsHaveHelp() {
    for (String sub : List.of("encode", "decode")) {
      CliTest.Result r = CliTest.run("tokenizer", sub, "--help");
      assertThat(r.code()).isZero();
      assertThat(r.out()).contains("Usage: transfer4j tokenizer " + sub);
    }
  }
}
