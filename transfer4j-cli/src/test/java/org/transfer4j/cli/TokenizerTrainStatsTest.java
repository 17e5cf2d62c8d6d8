package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.tokenize.Tokenizer;
import picocli.CommandLine;

class TokenizerTrainStatsTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  /** Runs a verb the way Main does (same error handlers), without depending on its parent. */
  static Result run(Object verb, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(verb);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(new Errors.UsageHandler());
    cl.setExecutionExceptionHandler(new Errors.ExecutionHandler(false));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  Path corpus() throws IOException {
    StringBuilder b = new StringBuilder();
    String[] lines = {
      "I lost my card yesterday",
      "My card payment was declined",
      "How do I top up my card?",
      "The top-up failed twice",
      "Why was I charged a fee?",
      "Can I get a refund for this payment",
      "My transfer has not arrived yet",
    };
    for (int i = 0; i < 20; i++) {
      for (String l : lines) {
        b.append(l).append('\n');
      }
    }
    Path f = dir.resolve("corpus.txt");
    Files.writeString(f, b.toString());
    return f;
  }

  @Test
  void trainsWordPieceAndReportsStats() throws IOException {
    Path in = corpus();
    Path out = dir.resolve("wp");
    Result r =
        run(
            new TokenizerTrainCommand(),
            "--vocab-size",
            "120",
            "--output",
            out.toString(),
            in.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("trained wordpiece tokenizer: 120 tokens");
    assertThat(r.err()).contains("Compute merges"); // progress bar on stderr
    assertThat(out.resolve("tokenizer.json")).exists();
    List<String> vocab = Files.readAllLines(out.resolve("vocab.txt"));
    assertThat(vocab).hasSize(120).startsWith("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
    assertThat(Tokenizer.load(out).encode("my card").tokens())
        .containsExactly("[CLS]", "my", "card", "[SEP]");

    Result s = run(new TokenizerStatsCommand(), "--tokenizer", out.toString(), in.toString());
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(s.out())
        .contains("texts:           140")
        .contains("unknown:         0 (0.000% of tokens are [UNK])")
        .contains("length:          min 7")
        .contains("longer than 64   0 texts (0.00%)");
  }

  @Test
  void trainsByteLevelBpe() throws IOException {
    Path out = dir.resolve("bpe");
    Result r =
        run(
            new TokenizerTrainCommand(),
            "--type",
            "bpe",
            "--vocab-size",
            "300",
            "--quiet",
            "-o",
            out.toString(),
            corpus().toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(out.resolve("vocab.json")).exists();
    assertThat(out.resolve("merges.txt")).exists();
    Tokenizer t = Tokenizer.load(out.resolve("tokenizer.json"));
    assertThat(t.vocabSize()).isEqualTo(300);
    assertThat(t.tokenToId("<|endoftext|>")).isZero();
    assertThat(t.decode(t.encode("My card payment").ids(), true)).isEqualTo("My card payment");
  }

  @Test
  void verbsAreRegisteredUnderTokenizer() throws IOException {
    for (String verb : List.of("train", "stats")) {
      StringWriter out = new StringWriter();
      int code =
          Main.run(
              new String[] {"tokenizer", verb, "--help"},
              new PrintWriter(out),
              new PrintWriter(new StringWriter()));
      assertThat(code).isZero();
      assertThat(out.toString()).contains("Usage: transfer4j tokenizer " + verb);
    }
    Path out = dir.resolve("via-main");
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {
              "tokenizer",
              "train",
              "--type",
              "bpe",
              "--vocab-size",
              "280",
              "--quiet",
              "-o",
              out.toString(),
              corpus().toString()
            },
            new PrintWriter(new StringWriter()),
            new PrintWriter(err));
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.resolve("tokenizer.json")).exists();
  }

  @Test
  void missingInputIsNamedWithExitTwo() {
    Path missing = dir.resolve("nope.txt");
    Result r =
        run(new TokenizerTrainCommand(), "-o", dir.resolve("x").toString(), missing.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: input file " + missing + " does not exist");
    assertThat(dir.resolve("x")).doesNotExist();
  }

  @Test
  void tooSmallVocabIsExitTwo() throws IOException {
    Result r =
        run(
            new TokenizerTrainCommand(),
            "--vocab-size",
            "10",
            "--quiet",
            "-o",
            dir.resolve("x").toString(),
            corpus().toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("vocab size 10 is too small")
        .contains("use a vocab size of at least");
  }

  @Test
  void wordPieceNeedsTheBertSpecials() throws IOException {
    Result r =
        run(
            new TokenizerTrainCommand(),
            "--special-tokens",
            "[PAD],[UNK]",
            "--quiet",
            "-o",
            dir.resolve("x").toString(),
            corpus().toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("lack [[CLS], [SEP], [MASK]]").contains("--special-tokens");
  }

  @Test
  void badOptionValuesNameTheOption() throws IOException {
    String in = corpus().toString();
    String o = dir.resolve("x").toString();
    for (String[] c :
        new String[][] {
          {"--vocab-size", "0", "--vocab-size must be positive"},
          {"--min-frequency", "-1", "--min-frequency must be 0 or more"},
          {"--limit-alphabet", "0", "--limit-alphabet must be positive"},
          {"--type", "unigram", "--type"},
        }) {
      Result r = run(new TokenizerTrainCommand(), c[0], c[1], "--quiet", "-o", o, in);
      assertThat(r.code()).as(c[0]).isEqualTo(2);
      assertThat(r.err()).as(c[0]).startsWith("error: ").contains(c[2]);
    }
    Result r = run(new TokenizerTrainCommand(), "--quiet", "-o", in, in);
    assertThat(r.err()).contains("is a file; give a folder");
  }

  @Test
  void emptyCorpusIsExitTwo() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.txt"), "\n  \n");
    Result r =
        run(
            new TokenizerTrainCommand(),
            "--quiet",
            "-o",
            dir.resolve("x").toString(),
            empty.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no words to train on");
  }
}
