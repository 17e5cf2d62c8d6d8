package org.transfer4j.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loop's position and bookkeeping, saved as {@code trainer_state.json} in every checkpoint so
 * that {@code resume} continues exactly where the run stopped.
 *
 * @param step optimizer updates done
 * @param epoch the current epoch (0-based)
 * @param position micro-batches of this epoch already consumed
 * @param seed the run seed (data order, dropout per step)
 * @param randomState the task {@link ResumableRandom}'s state
 * @param metric the early-stopping metric
 * @param bestMetric its best value so far (NaN before any evaluation)
 * @param bestStep the step of the best value (-1 before any evaluation)
 * @param badEvaluations evaluations since the last improvement
 * @param optimizer the optimizer kind
 * @param fingerprint the model's parameters as {@code name (shape)}, checked on resume
 * @param run what must not change when the run is resumed ({@code batch_size}, {@code grad_accum},
 *     {@code seed}, {@code total_steps}, {@code batches_per_epoch}, {@code data}), as strings;
 *     empty in checkpoints of older versions
 */
public record TrainerState(
    long step,
    int epoch,
    int position,
    long seed,
    long randomState,
    String metric,
    double bestMetric,
    long bestStep,
    int badEvaluations,
    String optimizer,
    List<String> fingerprint,
    Map<String, String> run) {
  public static final String FILE = "trainer_state.json";

  public TrainerState {
    fingerprint = List.copyOf(fingerprint);
    run = Collections.unmodifiableMap(new LinkedHashMap<>(run));
  }

  /**
   * The differences of {@link #run} to another run's values, as {@code key: was -> now}; keys
   * missing on either side (older checkpoints) are not compared.
   */
  public List<String> changes(Map<String, String> now) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : run.entrySet()) {
      String v = now.get(e.getKey());
      if (v != null && !v.equals(e.getValue())) {
        out.add(e.getKey() + ": " + e.getValue() + " -> " + v);
      }
    }
    return out;
  }

  public String toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("step", step);
    o.addProperty("epoch", epoch);
    o.addProperty("position", position);
    o.addProperty("seed", seed);
    o.addProperty("random_state", randomState);
    o.addProperty("metric", metric);
    if (Double.isFinite(bestMetric)) {
      o.addProperty("best_metric", bestMetric);
    }
    o.addProperty("best_step", bestStep);
    o.addProperty("bad_evaluations", badEvaluations);
    o.addProperty("optimizer", optimizer);
    JsonArray f = new JsonArray();
    fingerprint.forEach(f::add);
    o.add("model_fingerprint", f);
    JsonObject r = new JsonObject();
    run.forEach(r::addProperty);
    o.add("run", r);
    return new GsonBuilder().setPrettyPrinting().create().toJson(o);
  }

  /** Parses the JSON; {@code where} names the file in error messages. */
  public static TrainerState fromJson(String json, String where) {
    try {
      JsonObject o = JsonParser.parseString(json).getAsJsonObject();
      List<String> fingerprint = new ArrayList<>();
      for (JsonElement e : o.getAsJsonArray("model_fingerprint")) {
        fingerprint.add(e.getAsString());
      }
      JsonElement best = o.get("best_metric");
      Map<String, String> run = new LinkedHashMap<>();
      if (o.has("run")) {
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("run").entrySet()) {
          run.put(e.getKey(), e.getValue().getAsString());
        }
      }
      return new TrainerState(
          o.get("step").getAsLong(),
          o.get("epoch").getAsInt(),
          o.get("position").getAsInt(),
          o.get("seed").getAsLong(),
          o.get("random_state").getAsLong(),
          o.get("metric").getAsString(),
          best == null || best.isJsonNull() ? Double.NaN : best.getAsDouble(),
          o.get("best_step").getAsLong(),
          o.get("bad_evaluations").getAsInt(),
          o.get("optimizer").getAsString(),
          fingerprint,
          run);
    } catch (RuntimeException e) {
      throw new org.transfer4j.BadInputException(
          where
              + " is not a valid trainer state ("
              + e.getMessage()
              + "); resume from a checkpoint directory written by transfer4j",
          e);
    }
  }
}
