package org.transfer4j.train;

import com.google.gson.Gson;
import com.google.gson.JsonParser;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transfer4j.io.AtomicFiles;

/**
 * The machine-readable training log: one JSON object per line ({@code metrics.jsonl}), appended and
 * flushed per record so that a crash loses nothing. Records have {@code "type"}: {@code "train"}
 * (step, epoch, loss, lr, grad_norm, steps_per_s, task scalars) or {@code "eval"} (step, epoch and
 * every validation metric).
 *
 * <pre>{@code
 * {"type":"train","step":10,"epoch":0,"loss":0.69,"lr":5.0E-5,"grad_norm":1.2}
 * }</pre>
 */
public final class MetricsLog implements Closeable {
  private static final Gson GSON = new Gson();
  private final Writer out;

  /** Opens {@code file} for appending (a resumed run continues the same log). */
  public MetricsLog(Path file) throws IOException {
    this.out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /**
   * Drops the records after {@code step} (rewriting the file atomically), so that a run resumed
   * from the checkpoint at {@code step} continues the log without duplicate steps.
   */
  public static void truncateAfter(Path file, long step) throws IOException {
    if (!Files.isRegularFile(file)) {
      return;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    StringBuilder kept = new StringBuilder();
    boolean dropped = false;
    for (String line : lines) {
      long s;
      try {
        s = JsonParser.parseString(line).getAsJsonObject().get("step").getAsLong();
      } catch (RuntimeException e) {
        dropped = true; // a line torn by a crash
        continue;
      }
      if (s <= step) {
        kept.append(line).append('\n');
      } else {
        dropped = true;
      }
    }
    if (dropped) {
      AtomicFiles.writeString(file, kept.toString());
    }
  }

  /** Writes one record: {@code type}, {@code step}, {@code epoch}, then the values. */
  public void write(String type, long step, int epoch, Map<String, Double> values)
      throws IOException {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("type", type);
    record.put("step", step);
    record.put("epoch", epoch);
    for (Map.Entry<String, Double> e : values.entrySet()) {
      Double v = e.getValue();
      // JSON has no NaN; write it as a string so the line stays valid.
      record.put(e.getKey(), v != null && Double.isFinite(v) ? v : String.valueOf(v));
    }
    out.write(GSON.toJson(record));
    out.write('\n');
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
