package org.transfer4j.task;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.transfer4j.BadInputException;
import org.transfer4j.data.ClassificationColumns;
import org.transfer4j.eval.ReportFormat;
import org.transfer4j.eval.TagScheme;
import org.transfer4j.model.ConfigJson;

/**
 * What a fine-tuned folder needs besides {@code config.json} to read data and decode predictions
 * the way it was trained, kept in {@code task.json}: the task, multi-label and its threshold, the
 * max length, the tag scheme and the data columns. A Hugging Face folder without it gets defaults
 * inferred from its {@code architectures}.
 *
 * <pre>{@code
 * TaskInfo info = TaskInfo.read(Path.of("out")); // task.json, or inferred from config.json
 * }</pre>
 *
 * @param kind the task
 * @param multiLabel sigmoid head, one decision per label
 * @param threshold probability at or above which a label is predicted (multi-label)
 * @param maxLength tokens per input, specials included
 * @param scheme tag scheme for span scoring (tagging)
 * @param columns text / pair / label columns (classification)
 * @param tagColumn CoNLL tag column, -1 = last (tagging)
 */
public record TaskInfo(
    TaskKind kind,
    boolean multiLabel,
    double threshold,
    int maxLength,
    TagScheme scheme,
    ClassificationColumns columns,
    int tagColumn) {
  public static final String FILE = "task.json";

  public TaskInfo {
    if (!(threshold > 0 && threshold < 1)) {
      throw new BadInputException("--threshold must be in (0, 1), got " + threshold);
    }
    if (maxLength < 4) {
      throw new BadInputException("--max-length must be at least 4, got " + maxLength);
    }
    if (columns == null) {
      columns = ClassificationColumns.defaults();
    }
    if (scheme == null) {
      scheme = TagScheme.IOB2;
    }
  }

  /** Writes {@code task.json} into {@code dir} atomically. */
  public void write(Path dir) throws IOException {
    JsonObject o = new JsonObject();
    o.addProperty("task", kind.id());
    o.addProperty("multi_label", multiLabel);
    o.addProperty("threshold", threshold);
    o.addProperty("max_length", maxLength);
    o.addProperty("scheme", scheme.name().toLowerCase(java.util.Locale.ROOT));
    o.addProperty("text_column", columns.text());
    if (columns.pair() != null) {
      o.addProperty("pair_column", columns.pair());
    }
    if (columns.label() != null) {
      o.addProperty("label_column", columns.label());
    }
    o.addProperty("tag_column", tagColumn);
    ReportFormat.writeText(ReportFormat.jsonText(o), dir.resolve(FILE));
  }

  /** Reads {@code task.json}, or infers the task from {@code config.json}'s architecture. */
  public static TaskInfo read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      ConfigJson config = ConfigJson.read(dir);
      if (config.architectures().isEmpty()) {
        throw new BadInputException(
            dir + "/config.json names no architectures; it is not a fine-tuned task model");
      }
      TaskKind kind = TaskKind.ofArchitecture(config.architectures().get(0));
      boolean multi = "multi_label_classification".equals(config.optString("problem_type", null));
      return new TaskInfo(
          kind, multi, 0.5, 128, TagScheme.IOB2, ClassificationColumns.defaults(), -1);
    }
    JsonObject o;
    try {
      org.transfer4j.io.Utf8Check.requireValid(file);
      o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
      return new TaskInfo(
          TaskKind.parse(o.get("task").getAsString()),
          o.has("multi_label") && o.get("multi_label").getAsBoolean(),
          o.has("threshold") ? o.get("threshold").getAsDouble() : 0.5,
          o.has("max_length") ? o.get("max_length").getAsInt() : 128,
          o.has("scheme") ? TagScheme.parse(o.get("scheme").getAsString()) : TagScheme.IOB2,
          new ClassificationColumns(
              o.has("text_column") ? o.get("text_column").getAsString() : "text",
              o.has("pair_column") ? o.get("pair_column").getAsString() : null,
              o.has("label_column") ? o.get("label_column").getAsString() : "label"),
          o.has("tag_column") ? o.get("tag_column").getAsInt() : -1);
    } catch (RuntimeException e) {
      if (e instanceof BadInputException) {
        throw e;
      }
      throw new BadInputException(file + " is not a valid task file: " + e.getMessage(), e);
    }
  }
}
