package org.transfer4j.serve;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.transfer4j.embed.EncodeStats;
import org.transfer4j.embed.EncoderOptions;
import org.transfer4j.embed.SentenceEncoder;
import org.transfer4j.embed.SentencePooling;

/**
 * A sentence encoder ({@link SentenceEncoder}: a BERT/DistilBERT folder or a built-in name such as
 * {@code all-MiniLM-L6-v2}) behind a {@link MicroBatcher}, for {@code /v1/embed} and {@code
 * /v1/similarity}.
 *
 * <p>The pooling is chosen per request. The folder is loaded once per pooling asked for (mean at
 * start, cls or max on first use, by the worker thread that owns them), because a {@link
 * SentenceEncoder} fixes its pooling; the vectors come back unnormalised and {@link #normalize} is
 * applied per request, so normalisation costs no second model.
 *
 * <pre>{@code
 * EncoderServer e = EncoderServer.load("minilm", "all-MiniLM-L6-v2", config, metrics);
 * float[][] v = e.embed(List.of("hello"), SentencePooling.MEAN).join().toArray(float[][]::new);
 * }</pre>
 */
public final class EncoderServer implements ServedModel {
  private record Input(String text, SentencePooling pooling) {}

  /**
   * Texts per forward pass. {@link SentenceEncoder} sorts the texts of a call by token length and
   * cuts them into passes of its batch size, so passes of 8 out of a collected batch of 32 hold
   * texts of similar length: one pass of 32 padded to the longest ran at half the speed of the
   * classifier's length-grouped passes (BENCHMARKS.md, "Serving").
   */
  static final int PASS = 8;

  private final String name;
  private final String source;
  private final EncoderOptions options;
  private final Map<SentencePooling, SentenceEncoder> encoders =
      new EnumMap<>(SentencePooling.class);
  private final SentenceEncoder first;
  private final MicroBatcher<Input, float[]> batcher;

  private EncoderServer(
      String name, String source, SentenceEncoder first, ServerConfig c, ServeMetrics metrics) {
    this.name = name;
    this.source = source;
    this.first = first;
    this.options = first.options();
    encoders.put(options.pooling(), first);
    this.batcher =
        new MicroBatcher<>(
            name, in -> run(in, metrics), c.maxBatch(), c.maxWaitMs(), c.maxQueue(), metrics);
  }

  /** Loads the folder or built-in model {@code source} with mean pooling. */
  public static EncoderServer load(String name, String source, ServerConfig c, ServeMetrics metrics)
      throws IOException {
    EncoderOptions o =
        EncoderOptions.defaults()
            .withNormalize(false)
            .withBatchSize(Math.min(PASS, c.maxBatch()))
            .withInference(c.inference());
    return new EncoderServer(name, source, SentenceEncoder.load(source, o), c, metrics);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String task() {
    return "embed";
  }

  @Override
  public int queued() {
    return batcher.queued();
  }

  /** Floats per vector. */
  public int dimension() {
    return first.dimension();
  }

  /** Unnormalised vectors of {@code texts}, in order. */
  public CompletableFuture<List<float[]>> embed(List<String> texts, SentencePooling pooling) {
    return batcher.submit(texts.stream().map(t -> new Input(t, pooling)).toList());
  }

  /** Divides {@code v} by its L2 norm in place, as {@code torch.nn.functional.normalize}. */
  public static float[] normalize(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    double norm = Math.max(Math.sqrt(sum), 1e-12);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (v[i] / norm);
    }
    return v;
  }

  /** One batch: texts grouped by pooling, each group one {@link SentenceEncoder} call. */
  private List<float[]> run(List<Input> inputs, ServeMetrics metrics) {
    float[][] out = new float[inputs.size()][];
    for (SentencePooling p : SentencePooling.values()) {
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        if (inputs.get(i).pooling() == p) {
          idx.add(i);
        }
      }
      if (idx.isEmpty()) {
        continue;
      }
      try {
        EncodeStats s =
            encoder(p)
                .encode(
                    idx.stream().map(i -> inputs.get(i).text()).iterator(),
                    (k, text, v) -> out[idx.get((int) k)] = v);
        metrics.tokens(name, s.tokens());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return List.of(out);
  }

  private SentenceEncoder encoder(SentencePooling p) throws IOException {
    SentenceEncoder e = encoders.get(p);
    if (e == null) {
      e = SentenceEncoder.load(source, options.withPooling(p));
      encoders.put(p, e);
    }
    return e;
  }

  @Override
  public JsonObject describe() {
    JsonObject o = new JsonObject();
    o.addProperty("name", name);
    o.addProperty("task", task());
    o.addProperty("dimension", first.dimension());
    o.addProperty("engine", first.engine());
    o.addProperty("max_length", first.maxLength());
    o.addProperty("source", source);
    return o;
  }

  @Override
  public void close(long waitMs) {
    if (batcher.close(waitMs)) {
      encoders.values().forEach(SentenceEncoder::close);
    }
  }
}
