package org.transfer4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transfer4j.engine.Bootstrap;

/**
 * Batching never changes a result: texts of different lengths sent one at a time to a server with
 * {@code --max-batch 1}, and all at once from concurrent clients to a server that batches them, get
 * the same labels, probabilities, tags and vectors.
 */
class BatchingTest {
  @TempDir static Path root;
  static Map<String, Path> dirs;
  static List<String> texts;

  @BeforeAll
  static void fixtures() throws Exception {
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(1));
    dirs = ServeFixtures.write(root);
    Random r = new Random(3);
    List<String> words = ServeFixtures.words();
    texts = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      List<String> w = new ArrayList<>();
      for (int k = 0, n = 1 + r.nextInt(20); k < n; k++) {
        w.add(words.get(r.nextInt(words.size())));
      }
      texts.add(String.join(" ", w));
    }
  }

  static Server start(int maxBatch, int maxWaitMs) throws Exception {
    List<ModelSpec> specs = new ArrayList<>();
    for (String n : List.of("multi", "ner", "encoder")) {
      specs.add(new ModelSpec(n, dirs.get(n).toString()));
    }
    return Server.start(
        ServerConfig.defaults(specs)
            .withAddress("127.0.0.1", 0)
            .withBatching(maxBatch, maxWaitMs, 1024));
  }

  static String body(String model, String text) {
    return "{\"model\": \"" + model + "\", \"texts\": [\"" + text + "\"]}";
  }

  /** Each text's answer (the first result or vector), in order, from one server. */
  static List<JsonElement> answers(Server s, String path, String model, boolean concurrent)
      throws Exception {
    Http http = new Http(s.port());
    List<JsonElement> out = new ArrayList<>();
    if (concurrent) {
      List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
      for (String t : texts) {
        futures.add(http.postAsync(path, body(model, t)));
      }
      for (CompletableFuture<HttpResponse<String>> f : futures) {
        out.add(first(f.join()));
      }
    } else {
      for (String t : texts) {
        out.add(first(http.post(path, body(model, t))));
      }
    }
    return out;
  }

  static JsonElement first(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject o = Http.json(r);
    JsonArray a = o.has("results") ? o.getAsJsonArray("results") : o.getAsJsonArray("embeddings");
    return a.get(0);
  }

  /** The sum of {@code transfer4j_batch_size_count} for a model: how many forward passes ran. */
  static double passes(Server s, String model) throws Exception {
    String text = new Http(s.port()).get("/metrics").body();
    Matcher m =
        Pattern.compile("transfer4j_batch_size_count\\{model=\"" + model + "\"} (\\S+)")
            .matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void batchedAndUnbatchedAnswersAreTheSame() throws Exception {
    List<List<JsonElement>> alone = new ArrayList<>();
    List<List<JsonElement>> batched = new ArrayList<>();
    String[][] endpoints = {
      {"/v1/classify", "multi"}, {"/v1/tag", "ner"}, {"/v1/embed", "encoder"}
    };
    try (Server s = start(1, 0)) {
      for (String[] e : endpoints) {
        alone.add(answers(s, e[0], e[1], false));
        assertThat(passes(s, e[1])).isEqualTo(texts.size());
      }
    }
    try (Server s = start(16, 200)) {
      for (String[] e : endpoints) {
        batched.add(answers(s, e[0], e[1], true));
        // 24 concurrent texts ran in fewer passes than texts: they were batched.
        assertThat(passes(s, e[1])).isLessThan(texts.size());
      }
    }
    for (int k = 0; k < endpoints.length; k++) {
      for (int i = 0; i < texts.size(); i++) {
        assertSame(alone.get(k).get(i), batched.get(k).get(i), endpoints[k][0] + " " + i);
      }
    }
  }

  /**
   * Equal JSON, numbers to 1e-6: a padded batch multiplies matrices of other sizes, so sums round
   * differently (4e-8 seen).
   */
  static void assertSame(JsonElement a, JsonElement b, String where) {
    if (a.isJsonPrimitive() && a.getAsJsonPrimitive().isNumber()) {
      assertThat(Math.abs(a.getAsDouble() - b.getAsDouble())).as(where).isLessThan(1e-6);
    } else if (a.isJsonArray()) {
      assertThat(b.getAsJsonArray()).as(where).hasSameSizeAs(a.getAsJsonArray());
      for (int i = 0; i < a.getAsJsonArray().size(); i++) {
        assertSame(a.getAsJsonArray().get(i), b.getAsJsonArray().get(i), where + "[" + i + "]");
      }
    } else if (a.isJsonObject()) {
      assertThat(b.getAsJsonObject().keySet()).as(where).isEqualTo(a.getAsJsonObject().keySet());
      for (String k : a.getAsJsonObject().keySet()) {
        assertSame(a.getAsJsonObject().get(k), b.getAsJsonObject().get(k), where + "." + k);
      }
    } else {
      assertThat(b).as(where).isEqualTo(a);
    }
  }
}
