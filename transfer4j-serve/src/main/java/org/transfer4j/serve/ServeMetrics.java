package org.transfer4j.serve;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The server's Prometheus metrics, in a registry of its own (two servers in one JVM do not mix):
 * requests and errors by endpoint and status, request latency, batch sizes, queue depth and tokens
 * processed, each per model where it applies. {@link #text()} is the {@code GET /metrics} body.
 *
 * <pre>{@code
 * ServeMetrics m = new ServeMetrics();
 * m.request("/v1/classify", 200, 0.004);
 * String body = m.text(); // transfer4j_requests_total{endpoint="/v1/classify",status="200"} 1.0
 * }</pre>
 */
public final class ServeMetrics {
  /** The {@code Content-Type} of {@link #text()}. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests =
      Counter.builder()
          .name("transfer4j_requests_total")
          .help("HTTP requests answered, by endpoint and status")
          .labelNames("endpoint", "status")
          .register(registry);
  private final Counter errors =
      Counter.builder()
          .name("transfer4j_errors_total")
          .help("HTTP requests answered with status 400 or more, by endpoint and status")
          .labelNames("endpoint", "status")
          .register(registry);
  private final Histogram latency =
      Histogram.builder()
          .name("transfer4j_request_duration_seconds")
          .help("Time from request arrival to the end of the answer, by endpoint")
          .labelNames("endpoint")
          .classicOnly()
          .classicUpperBounds(
              0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
          .register(registry);
  private final Histogram batches =
      Histogram.builder()
          .name("transfer4j_batch_size")
          .help("Examples per forward pass, by model")
          .labelNames("model")
          .classicOnly()
          .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256)
          .register(registry);
  private final Gauge queue =
      Gauge.builder()
          .name("transfer4j_queue_depth")
          .help("Examples waiting or running, by model")
          .labelNames("model")
          .register(registry);
  private final Counter tokens =
      Counter.builder()
          .name("transfer4j_tokens_total")
          .help("Tokens processed (model inputs, and generated tokens), by model")
          .labelNames("model")
          .register(registry);
  private final Counter cancelled =
      Counter.builder()
          .name("transfer4j_generations_cancelled_total")
          .help("Generations stopped early because the client left or the request timed out")
          .labelNames("model")
          .register(registry);

  /** A generation stopped or skipped because its request was answered early. */
  public void cancelled(String model) {
    cancelled.labelValues(model).inc();
  }

  /** One answered request; {@code endpoint} is the route (bounded label values). */
  public void request(String endpoint, int status, double seconds) {
    String s = Integer.toString(status);
    requests.labelValues(endpoint, s).inc();
    if (status >= 400) {
      errors.labelValues(endpoint, s).inc();
    }
    latency.labelValues(endpoint).observe(seconds);
  }

  /** One forward pass of {@code size} examples. */
  public void batch(String model, int size) {
    batches.labelValues(model).observe(size);
  }

  public void queueDepth(String model, int depth) {
    queue.labelValues(model).set(depth);
  }

  public void tokens(String model, long n) {
    tokens.labelValues(model).inc(n);
  }

  /** Every metric in the Prometheus text format 0.0.4. */
  public String text() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.DEFAULT);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does no I/O
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
