package org.transfer4j.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.transfer4j.BadInputException;

/**
 * Class labels of a classification head, Hugging Face's {@code id2label} and {@code label2id}.
 * Without labels in the config, Hugging Face uses {@code num_labels} (default 2) named {@code
 * LABEL_0, LABEL_1, ...}.
 *
 * <pre>{@code
 * Labels labels = Labels.of(List.of("neg", "neu", "pos"));
 * int id = labels.id("pos"); // 2
 * }</pre>
 */
public record Labels(List<String> names) {
  public Labels {
    names = List.copyOf(names);
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one label");
    }
    if (new java.util.HashSet<>(names).size() != names.size()) {
      throw new IllegalArgumentException("labels must be distinct: " + names);
    }
  }

  public static Labels of(List<String> names) {
    return new Labels(names);
  }

  /** {@code LABEL_0 ... LABEL_{n-1}}. */
  public static Labels numbered(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("num_labels must be positive, got " + n);
    }
    List<String> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add("LABEL_" + i);
    }
    return new Labels(l);
  }

  public int size() {
    return names.size();
  }

  public String name(int id) {
    return names.get(id);
  }

  /** The id of a label; throws with the known labels when absent. */
  public int id(String label) {
    int i = names.indexOf(label);
    if (i < 0) {
      throw new BadInputException("unknown label '" + label + "'; known labels: " + names);
    }
    return i;
  }

  /** {@code id2label} with string keys, as written in config.json. */
  public Map<String, String> id2label() {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      m.put(Integer.toString(i), names.get(i));
    }
    return Collections.unmodifiableMap(m);
  }

  public Map<String, Integer> label2id() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      m.put(names.get(i), i);
    }
    return Collections.unmodifiableMap(m);
  }

  /** Adds {@code id2label} and {@code label2id} to a config object. */
  public void writeTo(JsonObject json) {
    JsonObject id2 = new JsonObject();
    JsonObject l2 = new JsonObject();
    for (int i = 0; i < names.size(); i++) {
      id2.addProperty(Integer.toString(i), names.get(i));
      l2.addProperty(names.get(i), i);
    }
    json.add("id2label", id2);
    json.add("label2id", l2);
  }

  static Labels fromJson(ConfigJson c) {
    String src = c.source();
    if (!c.has("id2label")) {
      if (c.has("label2id")) {
        return fromLabel2id(c);
      }
      return numbered(c.optInt("num_labels", 2));
    }
    JsonElement e = c.json().get("id2label");
    if (!e.isJsonObject()) {
      throw new BadInputException(
          src + ": key 'id2label' must be an object {\"0\": \"label\", ...}");
    }
    TreeMap<Integer, String> byId = new TreeMap<>();
    for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
      int id;
      try {
        id = Integer.parseInt(en.getKey());
      } catch (NumberFormatException ex) {
        throw new BadInputException(
            src + ": id2label key '" + en.getKey() + "' is not an integer id");
      }
      byId.put(id, en.getValue().getAsString());
    }
    List<String> names = denseIds(byId, src, "id2label");
    if (c.has("num_labels") && c.optInt("num_labels", 0) != names.size()) {
      throw new BadInputException(
          src
              + ": num_labels is "
              + c.optInt("num_labels", 0)
              + " but id2label has "
              + names.size()
              + " entries; make them agree");
    }
    if (c.has("label2id")) {
      Labels other = fromLabel2id(c);
      if (!other.names().equals(names)) {
        throw new BadInputException(
            src + ": label2id " + other.label2id() + " disagrees with id2label " + names);
      }
    }
    try {
      return new Labels(names);
    } catch (IllegalArgumentException ex) {
      throw new BadInputException(src + ": id2label: " + ex.getMessage());
    }
  }

  private static Labels fromLabel2id(ConfigJson c) {
    JsonElement e = c.json().get("label2id");
    if (!e.isJsonObject()) {
      throw new BadInputException(
          c.source() + ": key 'label2id' must be an object {\"label\": 0, ...}");
    }
    TreeMap<Integer, String> byId = new TreeMap<>();
    for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
      byId.put(en.getValue().getAsInt(), en.getKey());
    }
    return new Labels(denseIds(byId, c.source(), "label2id"));
  }

  private static List<String> denseIds(TreeMap<Integer, String> byId, String src, String key) {
    List<String> names = new ArrayList<>();
    int expect = 0;
    for (Map.Entry<Integer, String> en : byId.entrySet()) {
      if (en.getKey() != expect) {
        throw new BadInputException(
            src + ": " + key + " ids must be 0.." + (byId.size() - 1) + " without gaps");
      }
      names.add(en.getValue());
      expect++;
    }
    return names;
  }
}
