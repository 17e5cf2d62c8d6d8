package org.transfer4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.gpt2.Gpt2Config;

/**
 * Streaming, back-pressure, the request timeout and graceful shutdown, each on a server configured
 * to make the case certain rather than timing-dependent.
 */
class LifecycleTest {
  @TempDir static Path root;
  static Map<String, Path> dirs;

  @BeforeAll
  static void fixtures() throws Exception {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    dirs = ServeFixtures.write(root);
  }

  static ServerConfig config(String model) {
    return ServerConfig.defaults(List.of(new ModelSpec(model, dirs.get(model).toString())))
        .withAddress("127.0.0.1", 0);
  }

  static final String LONG_GENERATION =
      "{\"prompt\": \"Hello\", \"max_new_tokens\": 120, \"do_sample\": true, \"seed\": 1,"
          + " \"stream\": true}";

  /** A streaming request; the iterator yields the SSE lines as they arrive. */
  static Iterator<String> stream(Http http) throws IOException, InterruptedException {
    HttpResponse<Stream<String>> r =
        http.client()
            .send(
                http.postRequest("/v1/generate", LONG_GENERATION),
                HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    return r.body().iterator();
  }

  /**
   * Regression (sse-race): the 1-layer fixture decoded its 120 tokens before the test could read
   * the queue depth on a fast run, so this test decodes 900 greedy tokens on a wider model (about a
   * second of work) and reads the depth right after the first token.
   */
  @Test
  void sseDeliversTokensWhileTheModelIsStillGenerating() throws Exception {
    try (Server s = Server.start(longGpt())) {
      Http http = new Http(s.port());
      HttpResponse<Stream<String>> r = streamGreedy(http, 900);
      assertThat(r.statusCode()).isEqualTo(200);
      Iterator<String> lines = r.body().iterator();
      String first = lines.next();
      assertThat(first).startsWith("data: {\"token\":");
      // The first token is here and the generation has not finished: it holds the queue.
      String metrics = http.get("/metrics").body();
      assertThat(metrics).contains("transfer4j_queue_depth{model=\"gpt\"} 1");
      StringBuilder text = new StringBuilder(token(first));
      JsonObject done = null;
      int events = 1;
      while (lines.hasNext()) {
        String line = lines.next();
        if (line.startsWith("data: {\"token\":")) {
          text.append(token(line));
          events++;
        } else if (line.equals("event: done")) {
          done = JsonParser.parseString(lines.next().substring(6)).getAsJsonObject();
        }
      }
      assertThat(done).isNotNull();
      assertThat(done.get("continuation").getAsString()).isEqualTo(text.toString());
      assertThat(events).isGreaterThan(1).isLessThanOrEqualTo(done.get("new_tokens").getAsInt());
    }
  }

  /**
   * Regression (hang-up-decodes-on): a client that left mid-stream kept the model decoding its
   * remaining tokens for nobody, holding up every queued request. Now the failed write stops the
   * decoding at its next token.
   */
  @Test
  void aClientThatHangsUpStopsItsGeneration() throws Exception {
    try (Server s = Server.start(longGpt())) {
      Http http = new Http(s.port());
      HttpResponse<Stream<String>> r = streamGreedy(http, 1000);
      Iterator<String> lines = r.body().iterator();
      assertThat(lines.next()).startsWith("data: {\"token\":");
      r.body().close(); // hang up
      String metrics = "";
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!metrics.contains("transfer4j_generations_cancelled_total{model=\"gpt\"} 1")
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
        metrics = http.get("/metrics").body();
      }
      assertThat(metrics).contains("transfer4j_generations_cancelled_total{model=\"gpt\"} 1");
      java.util.regex.Matcher tokens =
          java.util.regex.Pattern.compile("transfer4j_tokens_total\\{model=\"gpt\"} ([0-9.E]+)")
              .matcher(metrics);
      assertThat(tokens.find()).isTrue();
      assertThat(Double.parseDouble(tokens.group(1))).isLessThan(1000);
      // The model is free: the next request is answered in full.
      HttpResponse<String> next =
          http.post("/v1/generate", "{\"prompt\": \"Hi\", \"max_new_tokens\": 3}");
      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(Http.json(next).get("new_tokens").getAsInt()).isEqualTo(3);
    }
  }

  /**
   * Greedy requests that arrive together are decoded as one batch, and each answer is what the same
   * request gets alone, whatever its prompt length and token limit. The batcher takes exactly the
   * four requests (max batch 4) and waits up to 10 s for them, so a slow machine cannot split them;
   * the solo answers come from a second server without waiting.
   */
  @Test
  void concurrentGreedyRequestsAreDecodedTogetherWithTheirSoloAnswers() throws Exception {
    List<String> bodies =
        List.of(
            "{\"prompt\": \"Hello\", \"max_new_tokens\": 12}",
            "{\"prompt\": \"A much longer prompt than the others\", \"max_new_tokens\": 4}",
            "{\"prompt\": \"Hi\", \"max_new_tokens\": 30}",
            "{\"prompt\": \"we saw the ball\", \"max_new_tokens\": 1}");
    List<String> batched = new ArrayList<>();
    try (Server s = Server.start(config("gpt").withBatching(4, 10_000, 64))) {
      Http http = new Http(s.port());
      List<CompletableFuture<HttpResponse<String>>> together = new ArrayList<>();
      for (String b : bodies) {
        together.add(http.postAsync("/v1/generate", b));
      }
      for (CompletableFuture<HttpResponse<String>> f : together) {
        HttpResponse<String> r = f.join();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        batched.add(Http.json(r).get("generated_text").getAsString());
      }
      assertThat(http.get("/metrics").body())
          .contains("transfer4j_batch_size_count{model=\"gpt\"} 1")
          .contains("transfer4j_batch_size_sum{model=\"gpt\"} 4");
    }
    try (Server s = Server.start(config("gpt"))) {
      Http http = new Http(s.port());
      for (int i = 0; i < bodies.size(); i++) {
        JsonObject alone = Http.json(http.post("/v1/generate", bodies.get(i)));
        assertThat(batched.get(i))
            .as(bodies.get(i))
            .isEqualTo(alone.get("generated_text").getAsString());
      }
    }
  }

  /**
   * Regression (models-loads-torch): {@code GET /v1/models} read each classifier's architecture
   * from its PyTorch model, which for a model served on ONNX Runtime loaded the weights a second
   * time (here: failed, the weights file being gone). The listing must not touch the weights.
   */
  @Test
  void listingModelsDoesNotLoadTheirWeights() throws Exception {
    Path dir = root.resolve("topic-copy");
    java.nio.file.Files.createDirectories(dir);
    try (Stream<Path> files = java.nio.file.Files.list(dirs.get("topic"))) {
      for (Path f : files.toList()) {
        java.nio.file.Files.copy(f, dir.resolve(f.getFileName().toString()));
      }
    }
    ServerConfig c =
        ServerConfig.defaults(List.of(new ModelSpec("topic", dir.toString())))
            .withAddress("127.0.0.1", 0);
    try (Server s = Server.start(c)) {
      java.nio.file.Files.delete(dir.resolve("model.safetensors"));
      Http http = new Http(s.port());
      HttpResponse<String> r = http.get("/v1/models");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonObject m = Http.json(r).getAsJsonArray("models").get(0).getAsJsonObject();
      assertThat(m.get("engine").getAsString()).isEqualTo("onnx");
      assertThat(m.get("architecture").getAsString()).isEqualTo("BertForSequenceClassification");
      assertThat(http.post("/v1/classify", "{\"texts\": [\"we saw the ball\"]}").statusCode())
          .isEqualTo(200);
    }
  }

  /** A streaming greedy generation of {@code tokens} tokens after "Hello"; lines as they come. */
  static HttpResponse<Stream<String>> streamGreedy(Http http, int tokens)
      throws IOException, InterruptedException {
    String body = "{\"prompt\": \"Hello\", \"max_new_tokens\": " + tokens + ", \"stream\": true}";
    return http.client()
        .send(http.postRequest("/v1/generate", body), HttpResponse.BodyHandlers.ofLines());
  }

  /** A 2-layer GPT-2 with a 1,024-token context: 900 greedy tokens take about a second. */
  static synchronized ServerConfig longGpt() throws IOException {
    Path dir = root.resolve("gpt-long");
    if (!java.nio.file.Files.isDirectory(dir)) {
      try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
        ServeFixtures.gpt2(dir, Gpt2Config.of(257, 1024, 64, 2, 2, 0f), m);
      }
      ServeFixtures.byteLevel().save(dir);
    }
    return ServerConfig.defaults(List.of(new ModelSpec("gpt", dir.toString())))
        .withAddress("127.0.0.1", 0);
  }

  static String token(String line) {
    return JsonParser.parseString(line.substring(6)).getAsJsonObject().get("token").getAsString();
  }

  @Test
  void aFullQueueAnswers429WithRetryAfter() throws Exception {
    ServerConfig c = config("gpt").withBatching(1, 0, 1);
    try (Server s = Server.start(c)) {
      Http http = new Http(s.port());
      Iterator<String> running = stream(http);
      running.next(); // the first request holds the only place in the queue
      HttpResponse<String> r = http.post("/v1/generate", "{\"prompt\": \"Hi\"}");
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(r.body()).contains("\"status\":429").contains("queued (limit 1)");
      running.forEachRemaining(line -> {});
      // Room again once it finished.
      assertThat(http.post("/v1/generate", "{\"prompt\": \"Hi\"}").statusCode()).isEqualTo(200);
      assertThat(http.get("/metrics").body())
          .contains("transfer4j_errors_total{endpoint=\"/v1/generate\",status=\"429\"} 1");
    }
  }

  @Test
  void aRequestPastItsTimeoutAnswers503AndIsNotComputed() throws Exception {
    // Batches wait 2 s for company; the request may take 300 ms.
    ServerConfig c = config("topic").withBatching(64, 2_000, 64).withLimits(1 << 20, 300, 5_000);
    try (Server s = Server.start(c)) {
      Http http = new Http(s.port());
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.post("/v1/classify", "{\"texts\": [\"we saw the ball\"]}");
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("300 ms limit");
      assertThat(ms).isLessThan(1_500);
      Thread.sleep(2_200); // the batch came due: a timed-out request is skipped, not run
      assertThat(http.get("/metrics").body()).doesNotContain("transfer4j_batch_size_count");
    }
  }

  @Test
  void stopFinishesInFlightRequestsThenRefusesConnections() throws Exception {
    // Requests wait 1 s in the batcher: still in flight when stop() starts.
    ServerConfig c =
        config("topic").withBatching(64, 1_000, 64).withLimits(1 << 20, 30_000, 10_000);
    Server s = Server.start(c);
    Http http = new Http(s.port());
    List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      inFlight.add(http.postAsync("/v1/classify", "{\"texts\": [\"we saw the ball\"]}"));
    }
    while (s.inFlight() < 3) {
      Thread.sleep(5);
    }
    long t0 = System.nanoTime();
    s.stop();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    for (CompletableFuture<HttpResponse<String>> f : inFlight) {
      HttpResponse<String> r = f.join();
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(Http.json(r).getAsJsonArray("results")).hasSize(1);
    }
    assertThat(ms).as("stop waited for the batch").isGreaterThan(300);
    assertThatThrownBy(() -> new Http(s.port()).get("/health")).isInstanceOf(IOException.class);
  }
}
