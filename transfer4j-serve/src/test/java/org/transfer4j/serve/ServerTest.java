package org.transfer4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.data.TextExample;
import org.transfer4j.embed.EncoderOptions;
import org.transfer4j.embed.SentenceEncoder;
import org.transfer4j.embed.SentencePooling;
import org.transfer4j.embed.Similarity;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.generate.GenerationConfig;
import org.transfer4j.generate.TextGenerator;
import org.transfer4j.model.CausalLm;
import org.transfer4j.model.HfModels;
import org.transfer4j.task.ClassificationTask;
import org.transfer4j.task.TaggingTask;
import org.transfer4j.task.TaskModel;
import org.transfer4j.tokenize.Tokenizer;

/**
 * Every endpoint through a real HTTP client on the loopback interface, each answer checked against
 * the core API run in-process on the same folder.
 */
class ServerTest {
  @TempDir static Path root;
  static Map<String, Path> dirs;
  static Server server;
  static Http http;

  static final List<String> TEXTS =
      List.of(
          "we saw the ball",
          "some pizza and bread today",
          "the robot said it was quite nice with some code",
          "cheese",
          "really very nice people at the match and then a goal");

  @BeforeAll
  static void start() throws Exception {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    dirs = ServeFixtures.write(root);
    server =
        Server.start(
            ServerConfig.defaults(ServeFixtures.specs(dirs))
                .withAddress("127.0.0.1", 0)
                .withBatching(16, 20, 256)
                .withLimits(64 << 10, 30_000, 5_000));
    http = new Http(server.port());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
  }

  static JsonObject post(String path, String body) throws Exception {
    HttpResponse<String> r = http.post(path, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    return Http.json(r);
  }

  static String texts(String model, List<String> texts) {
    JsonObject o = new JsonObject();
    o.addProperty("model", model);
    JsonArray a = new JsonArray();
    texts.forEach(a::add);
    o.add("texts", a);
    return o.toString();
  }

  /** The core API's prediction for one text, computed alone (batch of 1). */
  static void assertSamePrediction(JsonObject served, JsonObject core) {
    if (core.has("label")) {
      assertThat(served.get("label")).isEqualTo(core.get("label"));
    } else {
      assertThat(served.get("labels")).isEqualTo(core.get("labels"));
    }
    JsonObject sp = served.getAsJsonObject("probabilities");
    JsonObject cp = core.getAsJsonObject("probabilities");
    assertThat(sp.keySet()).isEqualTo(cp.keySet());
    for (String k : cp.keySet()) {
      assertThat(sp.get(k).getAsFloat()).as(k).isCloseTo(cp.get(k).getAsFloat(), within(1e-5f));
    }
  }

  @Test
  void classifyAnswersWhatTheCoreApiPredictsForSingleAndMultiLabelModels() throws Exception {
    for (String model : List.of("topic", "multi")) {
      JsonArray results = post("/v1/classify", texts(model, TEXTS)).getAsJsonArray("results");
      assertThat(results).hasSize(TEXTS.size());
      try (TaskModel m = TaskModel.load(dirs.get(model))) {
        for (int i = 0; i < TEXTS.size(); i++) {
          List<TextExample> one = List.of(new TextExample(TEXTS.get(i), null, List.of(), ""));
          float[] logits = m.outputs(ClassificationTask.encode(m, one), 1)[0];
          JsonObject core = ClassificationTask.prediction(logits, m.labels(), m.info());
          assertSamePrediction(results.get(i).getAsJsonObject(), core);
        }
      }
      assertThat(results.get(0).getAsJsonObject().has(model.equals("multi") ? "labels" : "label"))
          .isTrue();
    }
  }

  @Test
  void classifyTopKKeepsTheMostProbableLabelsInOrder() throws Exception {
    JsonObject all =
        post("/v1/classify", texts("topic", TEXTS.subList(0, 1)))
            .getAsJsonArray("results")
            .get(0)
            .getAsJsonObject();
    String body = "{\"model\": \"topic\", \"top_k\": 2, \"texts\": [\"" + TEXTS.get(0) + "\"]}";
    JsonObject top = post("/v1/classify", body).getAsJsonArray("results").get(0).getAsJsonObject();
    List<String> expected =
        all.getAsJsonObject("probabilities").entrySet().stream()
            .sorted((a, b) -> Float.compare(b.getValue().getAsFloat(), a.getValue().getAsFloat()))
            .limit(2)
            .map(Map.Entry::getKey)
            .toList();
    assertThat(List.copyOf(top.getAsJsonObject("probabilities").keySet()))
        .containsExactlyElementsOf(expected);
    assertThat(top.get("label")).isEqualTo(all.get("label"));
  }

  @Test
  void classifyTakesTextPairsForAPairModel() throws Exception {
    String body = "{\"model\": \"nli\", \"text_pairs\": [[\"john eats\", \"he eats\"]]}";
    JsonObject r = post("/v1/classify", body).getAsJsonArray("results").get(0).getAsJsonObject();
    try (TaskModel m = TaskModel.load(dirs.get("nli"))) {
      List<TextExample> one = List.of(new TextExample("john eats", "he eats", List.of(), ""));
      float[] logits = m.outputs(ClassificationTask.encode(m, one), 1)[0];
      assertSamePrediction(r, ClassificationTask.prediction(logits, m.labels(), m.info()));
    }
  }

  @Test
  void tagAnswersATagPerWordAsTheCoreApi() throws Exception {
    List<String> sentences = List.of("john lives in new york", "mary saw paris");
    JsonArray results = post("/v1/tag", texts("ner", sentences)).getAsJsonArray("results");
    try (TaskModel m = TaskModel.load(dirs.get("ner"))) {
      for (int i = 0; i < sentences.size(); i++) {
        List<List<String>> words = List.of(List.of(sentences.get(i).split(" ")));
        var enc = TaggingTask.encode(m, words);
        JsonObject core =
            TaggingTask.prediction(words.get(0), enc.get(0), m.outputs(enc, 1)[0], m.labels());
        assertThat(results.get(i)).isEqualTo(core);
      }
    }
    assertThat(results.get(0).getAsJsonObject().getAsJsonArray("tags")).hasSize(5);
  }

  static float[][] vectors(JsonObject r, String key) {
    JsonArray rows = r.getAsJsonArray(key);
    float[][] v = new float[rows.size()][];
    for (int i = 0; i < v.length; i++) {
      JsonArray row = rows.get(i).getAsJsonArray();
      v[i] = new float[row.size()];
      for (int d = 0; d < v[i].length; d++) {
        v[i][d] = row.get(d).getAsFloat();
      }
    }
    return v;
  }

  @Test
  void embedMatchesTheSentenceEncoderForEachPoolingAndNormalisation() throws Exception {
    List<String> texts = TEXTS.subList(0, 3);
    for (SentencePooling p : SentencePooling.values()) {
      for (boolean normalize : new boolean[] {true, false}) {
        JsonObject body = JsonParser.parseString(texts("encoder", texts)).getAsJsonObject();
        body.addProperty("pooling", p.id());
        body.addProperty("normalize", normalize);
        float[][] served = vectors(post("/v1/embed", body.toString()), "embeddings");
        EncoderOptions o = EncoderOptions.defaults().withPooling(p).withNormalize(normalize);
        try (SentenceEncoder e = SentenceEncoder.load(dirs.get("encoder").toString(), o)) {
          float[][] core = e.encode(texts);
          for (int i = 0; i < core.length; i++) {
            assertThat(served[i]).as("%s %s %d", p, normalize, i).hasSize(32);
            for (int d = 0; d < core[i].length; d++) {
              assertThat(served[i][d]).isCloseTo(core[i][d], within(1e-5f));
            }
          }
        }
      }
    }
  }

  @Test
  void similarityIsTheCosineOfTheVectors() throws Exception {
    List<String> texts = TEXTS.subList(0, 3);
    double[][] sim =
        toDouble(vectors(post("/v1/similarity", texts("encoder", texts)), "similarity"));
    try (SentenceEncoder e =
        SentenceEncoder.load(dirs.get("encoder").toString(), EncoderOptions.defaults())) {
      double[][] core = Similarity.cosine(e.encode(texts));
      for (int i = 0; i < 3; i++) {
        assertThat(sim[i][i]).isCloseTo(1, within(1e-5));
        for (int j = 0; j < 3; j++) {
          assertThat(sim[i][j]).isCloseTo(core[i][j], within(1e-5));
        }
      }
    }
  }

  static double[][] toDouble(float[][] f) {
    double[][] d = new double[f.length][];
    for (int i = 0; i < f.length; i++) {
      d[i] = new double[f[i].length];
      for (int k = 0; k < f[i].length; k++) {
        d[i][k] = f[i][k];
      }
    }
    return d;
  }

  @Test
  void generateContinuesAsTheTextGeneratorDoes() throws Exception {
    JsonObject r = post("/v1/generate", "{\"prompt\": \"Hello\", \"max_new_tokens\": 6}");
    try (NDManager m = NDManager.newBaseManager()) {
      CausalLm lm = (CausalLm) HfModels.load(dirs.get("gpt"), m);
      TextGenerator g = new TextGenerator(lm, Tokenizer.load(dirs.get("gpt")));
      TextGenerator.Sequence s =
          g.generate("Hello", GenerationConfig.greedy(6).withEosTokenId(256)).get(0);
      assertThat(r.get("generated_text").getAsString()).isEqualTo(s.fullText());
      assertThat(r.get("new_tokens").getAsInt()).isEqualTo(s.newTokens());
    }
  }

  @Test
  void modelsHealthReadyAndOpenApiDescribeTheServer() throws Exception {
    HttpResponse<String> list = http.get("/v1/models");
    assertThat(list.statusCode()).isEqualTo(200);
    List<String> tasks = new ArrayList<>();
    for (JsonElement e : Http.json(list).getAsJsonArray("models")) {
      JsonObject m = e.getAsJsonObject();
      tasks.add(
          m.get("name") + ":" + m.get("task").getAsString() + ":" + m.get("engine").getAsString());
    }
    // Every model on ONNX Runtime by default, GPT-2 decoding included.
    assertThat(tasks)
        .containsExactly(
            "\"topic\":classify:onnx",
            "\"multi\":classify:onnx",
            "\"nli\":classify:onnx",
            "\"ner\":tag:onnx",
            "\"encoder\":embed:onnx",
            "\"gpt\":generate:onnx");
    assertThat(http.get("/health").body()).contains("ok");
    assertThat(http.get("/ready").statusCode()).isEqualTo(200);
    JsonObject api = Http.json(http.get("/openapi.json"));
    assertThat(api.getAsJsonObject("paths").keySet())
        .contains("/v1/classify", "/v1/tag", "/v1/embed", "/v1/similarity", "/v1/generate");
  }

  @Test
  void metricsCountRequestsErrorsBatchesQueueAndTokens() throws Exception {
    post("/v1/classify", texts("topic", List.of("we saw the ball")));
    assertThat(http.post("/v1/classify", "{").statusCode()).isEqualTo(400);
    HttpResponse<String> r = http.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(r.body())
        .contains("transfer4j_requests_total{endpoint=\"/v1/classify\",status=\"200\"}")
        .contains("transfer4j_errors_total{endpoint=\"/v1/classify\",status=\"400\"}")
        .contains("transfer4j_request_duration_seconds_bucket{endpoint=\"/v1/classify\"")
        .contains("transfer4j_batch_size_bucket{model=\"topic\"")
        .contains("transfer4j_queue_depth{model=\"topic\"} 0")
        .containsPattern("transfer4j_tokens_total\\{model=\"topic\"} [1-9]");
  }
}
