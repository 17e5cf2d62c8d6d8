package org.transfer4j.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.data.TextExample;
import org.transfer4j.task.ClassificationTask;
import org.transfer4j.task.TaggingTask;
import org.transfer4j.task.TaskKind;
import org.transfer4j.task.TaskModel;

/**
 * A fine-tuned classifier or tagger ({@link TaskModel}) behind a {@link MicroBatcher}: the examples
 * of concurrent requests are encoded and run in forward passes of similar length ({@link
 * LengthGroups}, {@link TaskModel#outputs}), and each is decoded exactly as {@code transfer4j
 * predict} does ({@link ClassificationTask#prediction}, {@link TaggingTask#prediction}). Padding is
 * masked out of attention, so a text's result does not depend on its batch (up to float rounding;
 * {@code ServerTest} checks it).
 *
 * <pre>{@code
 * TaskModelServer s = new TaskModelServer("sst2", TaskModel.load(dir), config, metrics);
 * JsonObject answer = s.classify(List.of(new TextExample("great film", null, List.of(), "")))
 *     .join();
 * }</pre>
 */
public final class TaskModelServer implements ServedModel {
  /** A classification input, or a tagging input (words), as the worker gets it. */
  private record Input(TextExample text, List<String> words) {}

  /** Padded tokens per real token a forward pass may compute ({@link LengthGroups}). */
  static final double MAX_PADDING = 1.25;

  private final String name;
  private final TaskModel model;
  private final MicroBatcher<Input, JsonObject> batcher;

  public TaskModelServer(String name, TaskModel model, ServerConfig c, ServeMetrics metrics) {
    this.name = name;
    this.model = model;
    int batch = c.maxBatch();
    this.batcher =
        new MicroBatcher<>(
            name, inputs -> run(inputs, metrics), batch, c.maxWaitMs(), c.maxQueue(), metrics);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String task() {
    return model.info().kind() == TaskKind.TAG ? "tag" : "classify";
  }

  /** Whether the model was fine-tuned on text pairs. */
  public boolean pairs() {
    return model.info().columns().pair() != null;
  }

  @Override
  public int queued() {
    return batcher.queued();
  }

  /** Labels (and probabilities) per text or pair. */
  public CompletableFuture<List<JsonObject>> classify(List<TextExample> texts) {
    return batcher.submit(texts.stream().map(t -> new Input(t, null)).toList());
  }

  /** Tags per word of each sentence. */
  public CompletableFuture<List<JsonObject>> tag(List<List<String>> sentences) {
    return batcher.submit(sentences.stream().map(w -> new Input(null, w)).toList());
  }

  private List<JsonObject> run(List<Input> inputs, ServeMetrics metrics) {
    boolean tagging = model.info().kind() == TaskKind.TAG;
    List<EncodedExample> encoded;
    if (tagging) {
      encoded = TaggingTask.encode(model, inputs.stream().map(Input::words).toList());
    } else {
      encoded = ClassificationTask.encode(model, inputs.stream().map(Input::text).toList());
    }
    long tokens = 0;
    for (EncodedExample e : encoded) {
      tokens += e.length();
    }
    metrics.tokens(name, tokens);
    float[][] logits = new float[encoded.size()][];
    int[] lengths = encoded.stream().mapToInt(EncodedExample::length).toArray();
    for (int[] pass : LengthGroups.plan(lengths, MAX_PADDING)) {
      List<EncodedExample> group = new ArrayList<>(pass.length);
      for (int i : pass) {
        group.add(encoded.get(i));
      }
      float[][] out = model.outputs(group, pass.length);
      for (int k = 0; k < pass.length; k++) {
        logits[pass[k]] = out[k];
      }
    }
    List<JsonObject> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < logits.length; i++) {
      out.add(
          tagging
              ? TaggingTask.prediction(
                  inputs.get(i).words(), encoded.get(i), logits[i], model.labels())
              : ClassificationTask.prediction(logits[i], model.labels(), model.info()));
    }
    return out;
  }

  @Override
  public JsonObject describe() {
    JsonObject o = new JsonObject();
    o.addProperty("name", name);
    o.addProperty("task", task());
    o.addProperty("architecture", model.architecture());
    o.addProperty("engine", model.engine());
    o.addProperty("max_length", model.info().maxLength());
    if (!model.info().kind().equals(TaskKind.TAG)) {
      o.addProperty("multi_label", model.info().multiLabel());
      o.addProperty("text_pairs", pairs());
    }
    JsonArray labels = new JsonArray();
    model.labels().forEach(labels::add);
    o.add("labels", labels);
    return o;
  }

  @Override
  public void close(long waitMs) {
    if (batcher.close(waitMs)) {
      model.close();
    }
  }
}
