package org.transfer4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.serve.ServeFixtures;

/** {@code transfer4j serve}: option errors, and SIGTERM draining a request then exiting 0. */
class ServeCliTest {
  @Test
  void badOptionsAreOneErrorLineAndExitTwo() {
    CliTest.Result r = CliTest.run("serve", "--model", "x", "--max-batch", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: --max-batch must be at least 1");
    r = CliTest.run("serve", "--model", "/no/such/folder", "--port", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no such model folder").doesNotContain("\tat ");
    r = CliTest.run("serve", "--model", "a=x", "--model", "a=y");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("two models are named 'a'");
  }

  @Test
  void sigtermFinishesTheInFlightRequestAndExitsZero(@TempDir Path tmp) throws Exception {
    Map<String, Path> dirs = ServeFixtures.write(tmp);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of("-Dai.djl.offline=true", "-Xmx1g", "-cp", System.getProperty("java.class.path")));
    cmd.addAll(List.of(Main.class.getName(), "serve", "--port", "0", "--threads", "1"));
    cmd.addAll(
        List.of("--model", "topic=" + dirs.get("topic"), "--model", dirs.get("ner").toString()));
    // A batch waits 1 s for company: the request is in flight when SIGTERM comes.
    cmd.addAll(List.of("--max-wait-ms", "1000", "--max-batch", "64"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      int port = -1;
      List<String> seen = new ArrayList<>();
      Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        seen.add(line);
        Matcher m = listening.matcher(line);
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
          break;
        }
      }
      assertThat(port).as(String.join("\n", seen)).isPositive();
      assertThat(seen).contains("model topic", "model ner");
      List<String> rest = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread drain = new Thread(() -> out.lines().forEach(rest::add));
      drain.start();
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest req =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/classify"))
              .POST(HttpRequest.BodyPublishers.ofString("{\"texts\": [\"we saw the ball\"]}"))
              .build();
      CompletableFuture<HttpResponse<String>> inFlight =
          client.sendAsync(req, HttpResponse.BodyHandlers.ofString());
      // SIGTERM once the request waits in the model's queue (the metrics say so).
      HttpRequest metrics =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
      while (!client
          .send(metrics, HttpResponse.BodyHandlers.ofString())
          .body()
          .contains("transfer4j_queue_depth{model=\"topic\"} 1")) {
        Thread.sleep(20);
      }
      p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of stdout)
      HttpResponse<String> r = inFlight.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body()).contains("\"model\":\"topic\"").contains("\"label\":");
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
      drain.join(10_000);
      assertThat(rest).contains("stopped");
    } finally {
      p.destroyForcibly();
    }
  }
}
