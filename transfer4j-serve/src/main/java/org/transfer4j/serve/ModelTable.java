package org.transfer4j.serve;

import com.google.gson.JsonArray;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The served models by name, and which one a request means: {@code "model"} names it; without it,
 * the only model that serves the endpoint's task.
 *
 * <pre>{@code
 * TaskModelServer m = table.pick(request, "classify", TaskModelServer.class);
 * }</pre>
 */
final class ModelTable {
  private final Map<String, ServedModel> models = new LinkedHashMap<>();

  void add(ServedModel m) {
    models.put(m.name(), m);
  }

  Collection<ServedModel> all() {
    return models.values();
  }

  /**
   * The model for {@code task}: 404 for an unknown name, 400 for a model of another task or a
   * missing name when several models could answer.
   */
  <T extends ServedModel> T pick(RequestJson r, String task, Class<T> type) {
    String name = r.string("model", null);
    ServedModel m;
    if (name == null) {
      List<ServedModel> fit = models.values().stream().filter(x -> x.task().equals(task)).toList();
      if (fit.size() != 1) {
        throw ApiError.badRequest(
            "model",
            fit.isEmpty()
                ? "no served model does " + task + "; served: " + names()
                : "$.model is missing; several models do " + task + ": give one of " + names());
      }
      m = fit.get(0);
    } else {
      m = models.get(name);
      if (m == null) {
        throw new ApiError(404, "model", "no model named '" + name + "'; served: " + names(), null);
      }
    }
    if (!m.task().equals(task) || !type.isInstance(m)) {
      throw ApiError.badRequest(
          "model", "model '" + m.name() + "' does " + m.task() + ", use /v1/" + m.task());
    }
    return type.cast(m);
  }

  private String names() {
    JsonArray a = new JsonArray();
    models.keySet().forEach(a::add);
    return a.toString();
  }
}
