package org.transfer4j.serve;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.transfer4j.BadInputException;
import org.transfer4j.engine.InferenceOptions;

/**
 * What {@link Server#start} serves and how: the models, the address, micro-batching and the limits
 * that keep latency predictable under load.
 *
 * <pre>{@code
 * ServerConfig c = ServerConfig.defaults(List.of(ModelSpec.parse("out/sst2")))
 *     .withAddress("127.0.0.1", 0)   // port 0: a free port, see Server#port()
 *     .withBatching(32, 5, 1024);
 * }</pre>
 *
 * @param models the models, at least one, names unique
 * @param host the interface to listen on ({@code 127.0.0.1}: this machine only)
 * @param port the TCP port; 0 picks a free one
 * @param maxBatch examples collected from concurrent requests into one batch (run in passes of
 *     similar length)
 * @param maxWaitMs how long the first example of a batch waits for more to arrive
 * @param maxQueue examples waiting per model; a request that does not fit gets 429
 * @param maxBodyBytes request body limit; a larger body gets 413
 * @param timeoutMs per-request limit from arrival to answer; past it the request gets 503
 * @param graceMs on shutdown, how long in-flight requests may take to finish
 * @param inference the engine the models run on ({@code --engine}: ONNX Runtime where the model
 *     exports, by default)
 */
public record ServerConfig(
    List<ModelSpec> models,
    String host,
    int port,
    int maxBatch,
    int maxWaitMs,
    int maxQueue,
    long maxBodyBytes,
    long timeoutMs,
    long graceMs,
    InferenceOptions inference) {
  public ServerConfig {
    if (models == null || models.isEmpty()) {
      throw new BadInputException("--model: give at least one model folder or name to serve");
    }
    models = List.copyOf(models);
    Set<String> names = new HashSet<>();
    for (ModelSpec m : models) {
      if (!names.add(m.name())) {
        throw new BadInputException(
            "--model: two models are named '" + m.name() + "'; give NAME=DIR to tell them apart");
      }
    }
    if (host == null || host.isBlank()) {
      throw new BadInputException("--host: give an interface address such as 127.0.0.1");
    }
    if (port < 0 || port > 65535) {
      throw new BadInputException("--port must be in [0, 65535] (0: a free port), got " + port);
    }
    if (maxBatch < 1) {
      throw new BadInputException("--max-batch must be at least 1, got " + maxBatch);
    }
    if (maxWaitMs < 0) {
      throw new BadInputException("--max-wait-ms must be >= 0, got " + maxWaitMs);
    }
    if (maxQueue < 1) {
      throw new BadInputException("--max-queue must be at least 1, got " + maxQueue);
    }
    if (maxBodyBytes < 1024) {
      throw new BadInputException("--max-body-bytes must be at least 1024, got " + maxBodyBytes);
    }
    if (timeoutMs < 1) {
      throw new BadInputException("--timeout-ms must be at least 1, got " + timeoutMs);
    }
    if (graceMs < 0) {
      throw new BadInputException("--grace-ms must be >= 0, got " + graceMs);
    }
    if (inference == null) {
      inference = InferenceOptions.defaults();
    }
  }

  /**
   * 127.0.0.1:8080, batches of up to 32 examples waiting at most 5 ms, 1024 queued examples per
   * model, 1 MiB bodies, 30 s per request, 10 s grace on shutdown, the default engine.
   */
  public static ServerConfig defaults(List<ModelSpec> models) {
    return new ServerConfig(
        models,
        "127.0.0.1",
        8080,
        32,
        5,
        1024,
        1 << 20,
        30_000,
        10_000,
        InferenceOptions.defaults());
  }

  public ServerConfig withAddress(String h, int p) {
    return new ServerConfig(
        models, h, p, maxBatch, maxWaitMs, maxQueue, maxBodyBytes, timeoutMs, graceMs, inference);
  }

  public ServerConfig withBatching(int batch, int waitMs, int queue) {
    return new ServerConfig(
        models, host, port, batch, waitMs, queue, maxBodyBytes, timeoutMs, graceMs, inference);
  }

  public ServerConfig withLimits(long bodyBytes, long timeout, long grace) {
    return new ServerConfig(
        models, host, port, maxBatch, maxWaitMs, maxQueue, bodyBytes, timeout, grace, inference);
  }

  public ServerConfig withInference(InferenceOptions i) {
    return new ServerConfig(
        models, host, port, maxBatch, maxWaitMs, maxQueue, maxBodyBytes, timeoutMs, graceMs, i);
  }
}
