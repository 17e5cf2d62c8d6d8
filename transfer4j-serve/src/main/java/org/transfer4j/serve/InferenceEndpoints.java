package org.transfer4j.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import org.transfer4j.data.TextExample;
import org.transfer4j.embed.EncoderOptions;
import org.transfer4j.embed.SentencePooling;
import org.transfer4j.embed.Similarity;

/**
 * {@code POST /v1/classify}, {@code /v1/tag}, {@code /v1/embed} and {@code /v1/similarity}: read
 * and check the request on the HTTP thread, queue its examples on the model's batcher, answer when
 * they are done.
 *
 * <pre>{@code
 * curl -s localhost:8080/v1/classify -d '{"texts": ["great film"]}'
 * {"model":"sst2","results":[{"label":"pos","probabilities":{"neg":0.02,"pos":0.98}}]}
 * }</pre>
 */
final class InferenceEndpoints {
  private final ModelTable models;
  private final Responses responses;
  private final int maxTexts;

  InferenceEndpoints(ModelTable models, Responses responses, int maxTexts) {
    this.models = models;
    this.responses = responses;
    this.maxTexts = maxTexts;
  }

  /**
   * {@code {"texts": [..]}} or {@code {"text_pairs": [[a, b], ..]}} -> label and probabilities
   * ({@code "top_k": k}: only the k most probable).
   */
  void classify(Context ctx) {
    RequestJson r = RequestJson.parse(ctx.body());
    TaskModelServer m = models.pick(r, "classify", TaskModelServer.class);
    List<TextExample> examples = new ArrayList<>();
    if (r.has("text_pairs")) {
      for (String[] p : r.pairs("text_pairs", maxTexts)) {
        examples.add(new TextExample(p[0], p[1], List.of(), "request"));
      }
    } else if (m.pairs()) {
      throw ApiError.badRequest(
          "text_pairs",
          "$.text_pairs is missing; model '"
              + m.name()
              + "' was trained on text pairs: give [[text, text_pair], ..]");
    } else {
      for (String t : r.strings("texts", maxTexts)) {
        examples.add(new TextExample(t, null, List.of(), "request"));
      }
    }
    int topK = r.integer("top_k", 0, 0, Integer.MAX_VALUE);
    responses.async(
        ctx, m.classify(examples), results -> answer(m, topK == 0 ? results : top(results, topK)));
  }

  /** Keeps the {@code k} most probable labels of each result's probabilities, highest first. */
  private static List<JsonObject> top(List<JsonObject> results, int k) {
    for (JsonObject o : results) {
      JsonObject all = o.getAsJsonObject("probabilities");
      JsonObject kept = new JsonObject();
      all.entrySet().stream()
          .sorted((a, b) -> Float.compare(b.getValue().getAsFloat(), a.getValue().getAsFloat()))
          .limit(k)
          .forEach(e -> kept.add(e.getKey(), e.getValue()));
      o.add("probabilities", kept);
    }
    return results;
  }

  /** {@code {"texts": ["John lives in Paris", ..]}} (words split at spaces) -> tags per word. */
  void tag(Context ctx) {
    RequestJson r = RequestJson.parse(ctx.body());
    TaskModelServer m = models.pick(r, "tag", TaskModelServer.class);
    List<List<String>> sentences = new ArrayList<>();
    List<String> texts = r.strings("texts", maxTexts);
    for (int i = 0; i < texts.size(); i++) {
      String t = texts.get(i).strip();
      if (t.isEmpty()) {
        throw ApiError.badRequest("texts[" + i + "]", "$.texts[" + i + "] has no words");
      }
      sentences.add(List.of(t.split("\\s+")));
    }
    responses.async(ctx, m.tag(sentences), results -> answer(m, results));
  }

  /** {@code {"texts": [..], "pooling": "mean", "normalize": true}} -> vectors. */
  void embed(Context ctx) {
    RequestJson r = RequestJson.parse(ctx.body());
    EncoderServer m = models.pick(r, "embed", EncoderServer.class);
    List<String> texts = r.strings("texts", maxTexts);
    SentencePooling pooling = pooling(r);
    boolean normalize = r.bool("normalize", EncoderOptions.defaults().normalize());
    responses.async(
        ctx,
        m.embed(texts, pooling),
        vectors -> {
          JsonArray rows = new JsonArray();
          for (float[] v : vectors) {
            JsonArray row = new JsonArray();
            for (float x : normalize ? EncoderServer.normalize(v) : v) {
              row.add(x);
            }
            rows.add(row);
          }
          JsonObject o = new JsonObject();
          o.addProperty("model", m.name());
          o.addProperty("dimension", m.dimension());
          o.addProperty("pooling", pooling.id());
          o.addProperty("normalize", normalize);
          o.add("embeddings", rows);
          return o.toString();
        });
  }

  /** {@code {"texts": [a, b, ..]}} -> the cosine similarity of every pair, a matrix. */
  void similarity(Context ctx) {
    RequestJson r = RequestJson.parse(ctx.body());
    EncoderServer m = models.pick(r, "embed", EncoderServer.class);
    List<String> texts = r.strings("texts", Math.min(maxTexts, Similarity.MAX_TEXTS));
    if (texts.size() < 2) {
      throw ApiError.badRequest("texts", "$.texts needs at least 2 texts to compare");
    }
    SentencePooling pooling = pooling(r);
    responses.async(
        ctx,
        m.embed(texts, pooling),
        vectors -> {
          double[][] sim = Similarity.cosine(vectors.toArray(float[][]::new));
          JsonArray rows = new JsonArray();
          for (double[] s : sim) {
            JsonArray row = new JsonArray();
            for (double x : s) {
              row.add((float) x);
            }
            rows.add(row);
          }
          JsonObject o = new JsonObject();
          o.addProperty("model", m.name());
          o.addProperty("pooling", pooling.id());
          o.add("similarity", rows);
          return o.toString();
        });
  }

  private static SentencePooling pooling(RequestJson r) {
    String p = r.string("pooling", "mean");
    for (SentencePooling s : SentencePooling.values()) {
      if (s.id().equalsIgnoreCase(p.strip())) {
        return s;
      }
    }
    throw ApiError.badRequest("pooling", "$.pooling '" + p + "' is unknown; use mean, cls or max");
  }

  private static String answer(ServedModel m, List<JsonObject> results) {
    JsonArray a = new JsonArray();
    results.forEach(a::add);
    JsonObject o = new JsonObject();
    o.addProperty("model", m.name());
    o.add("results", a);
    return o.toString();
  }
}
