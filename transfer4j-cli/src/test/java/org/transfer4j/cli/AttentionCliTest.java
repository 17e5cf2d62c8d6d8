package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.transfer4j.cli.CliTest.run;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.cli.CliTest.Result;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.bert.BertConfig;

/**
 * The attention verb: JSON weights, and the HTML page rendered by a real headless browser (Debian's
 * chromium), whose DOM must show every layer, head and token; the screenshot stays in {@code
 * target/attention-view.png}.
 */
class AttentionCliTest {
  @TempDir Path tmp;

  private Path bertFolder() throws Exception {
    Path dir = tmp.resolve("bert");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("vocab.txt"),
        String.join(
                "\n", "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "sat", "it",
                "was", "tired")
            + "\n");
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    try (NDManager m = NDManager.newBaseManager()) {
      // 2 layers, width 128: 2 heads of 64.
      HfModels.save(HfModels.create(BertConfig.of(2, 128).withVocabSize(11), "BertModel", m), dir);
    }
    return dir;
  }

  @Test
  void jsonAndAPageThatABrowserRenders() throws Exception {
    Path bert = bertFolder();
    Path json = tmp.resolve("view.json");
    Result j =
        run(
            "attention",
            "--model",
            bert.toString(),
            "--text",
            "the cat sat",
            "--pair",
            "it was tired",
            "--format",
            "json",
            "--output",
            json.toString(),
            "--threads",
            "1");
    assertThat(j.code()).as(j.err()).isZero();
    assertThat(j.out()).contains("BertModel: 2 layers x 2 heads over 9 tokens");
    JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertThat(o.getAsJsonArray("attentions")).hasSize(2);
    assertThat(o.getAsJsonArray("attentions").get(0).getAsJsonArray()).hasSize(2);
    assertThat(o.getAsJsonArray("tokens").toString())
        .isEqualTo(
            "[\"[CLS]\",\"the\",\"cat\",\"sat\",\"[SEP]\",\"it\",\"was\",\"tired\",\"[SEP]\"]");

    Path html = tmp.resolve("view.html");
    Result h =
        run(
            "attention",
            "--model",
            bert.toString(),
            "--text",
            "the cat sat",
            "--pair",
            "it was tired",
            "--output",
            html.toString(),
            "--threads",
            "1");
    assertThat(h.code()).as(h.err()).isZero();

    String browser = findBrowser();
    Assumptions.assumeTrue(
        browser != null,
        "chromium is not installed (apt-get install -y chromium): the page was written but not"
            + " rendered");
    String dom = browser(browser, "--dump-dom", html.toUri().toString());
    assertThat(count(dom, "class=\"head-toggle\"")).as(dom).isEqualTo(2);
    Matcher layers = Pattern.compile("<select id=\"layer\">(.*?)</select>").matcher(dom);
    assertThat(layers.find()).as(dom).isTrue();
    assertThat(count(layers.group(1), "<option")).isEqualTo(2);
    assertThat(count(dom, "class=\"token left")).isEqualTo(9);
    assertThat(count(dom, "class=\"token right")).isEqualTo(9);
    assertThat(dom).contains(">tired</text>").contains(">[CLS]</text>");
    assertThat(dom).contains("data-layers=\"2\"").contains("data-heads=\"2\"");
    Matcher lines = Pattern.compile("data-lines=\"(\\d+)\"").matcher(dom);
    assertThat(lines.find()).isTrue();
    assertThat(Integer.parseInt(lines.group(1))).isGreaterThan(9);
    assertThat(count(dom, "class=\"attention-line\"")).isEqualTo(Integer.parseInt(lines.group(1)));

    Path shot = Path.of("target", "attention-view.png").toAbsolutePath();
    Files.createDirectories(shot.getParent());
    Files.deleteIfExists(shot);
    browser(browser, "--screenshot=" + shot, "--window-size=900,420", html.toUri().toString());
    assertThat(shot).exists();
    assertThat(Files.size(shot)).isGreaterThan(5_000);
  }

  @Test
  void badInputIsOneLineAndExitTwo() throws Exception {
    Result r =
        run(
            "attention",
            "--model",
            tmp.resolve("none").toString(),
            "--text",
            "x",
            "--output",
            tmp.resolve("v.html").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no such model folder").doesNotContain("\tat ");
    Result f =
        run(
            "attention",
            "--model",
            tmp.toString(),
            "--text",
            "x",
            "--format",
            "svg",
            "--output",
            tmp.resolve("v.html").toString());
    assertThat(f.code()).isEqualTo(2);
    assertThat(f.err()).contains("--format svg: choose html or json");
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private static String findBrowser() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : new String[] {"chromium", "chromium-browser"}) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    return null;
  }

  /** Runs the browser headless (no sandbox: CI runs as root) and returns its stdout. */
  private String browser(String browser, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(browser);
    cmd.add("--headless");
    cmd.add("--no-sandbox");
    cmd.add("--disable-gpu");
    cmd.add("--user-data-dir=" + tmp.resolve("chromium-profile"));
    cmd.add("--virtual-time-budget=5000");
    cmd.addAll(List.of(args));
    Path log = tmp.resolve("chromium.log");
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    return out;
  }
}
