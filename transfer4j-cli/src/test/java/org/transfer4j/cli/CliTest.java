package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CliTest {
  /** What a verb returned and printed; the other CLI tests share it. */
  record Result(int code, String out, String err) {}

  /** Runs {@code transfer4j args...} in-process, as {@code Main} does. */
  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void doctorProvesTheEngineWorks() {
    Result r = run("doctor", "--threads", "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("engine:        PyTorch 2.7.1")
        .contains("native lib:")
        .contains("threads:       engine 1")
        .contains("autograd:")
        .contains("status:        ok");
  }

  @Test
  void badOptionIsOneLineAndExitTwo() {
    Result r = run("doctor", "--no-such-option");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: Unknown option: '--no-such-option'");
    assertThat(r.err().lines().count()).isLessThanOrEqualTo(2);
    assertThat(r.err()).doesNotContain("at org.").doesNotContain("Exception");
  }

  @Test
  void badThreadValueIsExitTwo() {
    Result r = run("doctor", "--threads", "many");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--threads").doesNotContain("\tat ");
  }

  @Test
  void helpListsEveryVerb() {
    Result r = run("--help");
    assertThat(r.code()).isZero();
    for (String verb : Main.newCommandLine(false).getSubcommands().keySet()) {
      assertThat(r.out()).contains(verb);
    }
    assertThat(r.out()).contains("doctor");
  }

  @Test
  void everyVerbHasHelp() {
    for (String verb : Main.newCommandLine(false).getSubcommands().keySet()) {
      if (verb.equals("help")) {
        continue;
      }
      Result r = run(verb, "--help");
      assertThat(r.code()).as(verb).isZero();
      assertThat(r.out()).as(verb).contains("Usage: transfer4j " + verb);
    }
  }

  /**
   * Regression: an unescaped {@code %} in a description ("60% pretraining") made picocli print
   * "[picocli WARN] Could not format ..." three times on {@code quickstart --help}.
   */
  @Test
  void helpOfEveryCommandFormatsWithoutPicocliWarnings() {
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.util.List<String> names = new java.util.ArrayList<>();
    try {
      System.setErr(
          new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
      java.util.ArrayDeque<picocli.CommandLine> todo = new java.util.ArrayDeque<>();
      todo.add(Main.newCommandLine(false));
      while (!todo.isEmpty()) {
        picocli.CommandLine c = todo.pop();
        names.add(c.getCommandName());
        assertThat(c.getUsageMessage()).as(c.getCommandName()).contains("Usage:");
        todo.addAll(c.getSubcommands().values());
      }
    } finally {
      System.setErr(saved);
    }
    assertThat(names).contains("quickstart", "pretrain", "classify", "encode");
    assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void versionPrintsProjectVersion() {
    Result r = run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("transfer4j 0.");
  }
}
