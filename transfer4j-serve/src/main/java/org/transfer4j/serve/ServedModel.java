package org.transfer4j.serve;

import com.google.gson.JsonObject;

/**
 * A model the server answers with, owned by one worker thread ({@link MicroBatcher}): a classifier,
 * a tagger, a sentence encoder or a text generator, chosen by its folder's {@code config.json}
 * ({@link ModelLoader}).
 *
 * <pre>{@code
 * try (ServedModel m = ModelLoader.load(ModelSpec.parse("out/sst2"), config, metrics)) {
 *   JsonObject card = m.describe(); // {"name": "sst2", "task": "classify", ...}
 * }
 * }</pre>
 */
public interface ServedModel extends AutoCloseable {
  /** The name requests use. */
  String name();

  /** {@code classify}, {@code tag}, {@code embed} or {@code generate}. */
  String task();

  /** Examples waiting or running. */
  int queued();

  /** Its {@code GET /v1/models} entry. */
  JsonObject describe();

  /** Stops taking requests, finishes the queued ones within {@code waitMs}, frees the model. */
  void close(long waitMs);

  @Override
  default void close() {
    close(10_000);
  }
}
