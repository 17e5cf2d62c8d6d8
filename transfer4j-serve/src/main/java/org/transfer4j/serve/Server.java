package org.transfer4j.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.transfer4j.engine.Bootstrap;

/**
 * The transfer4j HTTP server: loads the models of a {@link ServerConfig}, then answers JSON
 * requests on Javalin (Jetty 12), each model behind its own {@link MicroBatcher}. Endpoints: {@code
 * POST /v1/classify}, {@code /v1/tag}, {@code /v1/embed}, {@code /v1/similarity}, {@code
 * /v1/generate}; {@code GET /v1/models}, {@code /health}, {@code /ready}, {@code /metrics}
 * (Prometheus), {@code /openapi.json}.
 *
 * <p>{@link #stop()} shuts down gracefully: it stops accepting connections, lets in-flight requests
 * finish within the grace period, then frees the models.
 *
 * <pre>{@code
 * try (Server s = Server.start(ServerConfig.defaults(List.of(ModelSpec.parse("out/sst2"))))) {
 *   System.out.println("listening on " + s.port());
 *   s.awaitStop();
 * }
 * }</pre>
 */
public final class Server implements AutoCloseable {
  /** Routes with their own metric label; anything else counts as {@code other}. */
  private static final Set<String> ROUTES =
      Set.of(
          "/v1/classify",
          "/v1/tag",
          "/v1/embed",
          "/v1/similarity",
          "/v1/generate",
          "/v1/models",
          "/health",
          "/ready",
          "/metrics",
          "/openapi.json");

  private final ServerConfig config;
  private final ServeMetrics metrics = new ServeMetrics();
  private final ModelTable models = new ModelTable();
  private final Responses responses;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean ready;
  private volatile boolean stopping;
  private Javalin app;
  private int port;

  private Server(ServerConfig config) {
    this.config = config;
    this.responses = new Responses(config.timeoutMs());
  }

  /** Loads every model, then listens; throws (and frees what it loaded) when a model fails. */
  public static Server start(ServerConfig config) throws IOException {
    Bootstrap.engine();
    Server s = new Server(config);
    try {
      for (ModelSpec spec : config.models()) {
        s.models.add(ModelLoader.load(spec, config, s.metrics));
      }
      s.listen();
      s.ready = true;
      return s;
    } catch (IOException | RuntimeException e) {
      s.freeModels(0);
      throw e;
    }
  }

  private void listen() {
    InferenceEndpoints inference = new InferenceEndpoints(models, responses, config.maxQueue());
    GenerateEndpoint generate = new GenerateEndpoint(models, responses, config.timeoutMs());
    String openapi = resource("openapi.json");
    app =
        Javalin.create(
            c -> {
              c.startup.showJavalinBanner = false;
              c.startup.showOldJavalinVersionWarning = false;
              c.http.maxRequestSize = config.maxBodyBytes();
              c.jetty.host = config.host();
              c.jetty.port = config.port();
              c.requestLogger.http(
                  (ctx, ms) -> {
                    inFlight.decrementAndGet();
                    metrics.request(route(ctx), ctx.statusCode(), ms / 1000.0);
                  });
              c.routes.before(this::admit);
              c.routes.post("/v1/classify", inference::classify);
              c.routes.post("/v1/tag", inference::tag);
              c.routes.post("/v1/embed", inference::embed);
              c.routes.post("/v1/similarity", inference::similarity);
              c.routes.post("/v1/generate", generate::generate);
              c.routes.get("/v1/models", ctx -> Responses.json(ctx, modelList()));
              c.routes.get("/health", ctx -> Responses.json(ctx, "{\"status\":\"ok\"}"));
              c.routes.get("/ready", this::readiness);
              c.routes.get(
                  "/metrics",
                  ctx -> ctx.contentType(ServeMetrics.CONTENT_TYPE).result(metricsText()));
              c.routes.get("/openapi.json", ctx -> Responses.json(ctx, openapi));
              c.routes.exception(Exception.class, (e, ctx) -> responses.fail(ctx, e));
              c.routes.exception(
                  HttpResponseException.class,
                  (e, ctx) -> {
                    if (e.getStatus() == 413) {
                      drain(ctx); // a chunked body read up to the limit: the rest is unread
                    }
                    responses.fail(ctx, e);
                  });
            });
    app.start();
    port = app.port();
  }

  /** Counts the request in flight; refuses it while stopping and checks the body's size. */
  private void admit(Context ctx) {
    inFlight.incrementAndGet();
    if (stopping && ctx.path().startsWith("/v1/")) {
      throw new ApiError(503, null, "the server is shutting down", 1);
    }
    long length = ctx.req().getContentLengthLong();
    if (length > config.maxBodyBytes()) {
      drain(ctx);
      throw new ApiError(
          413,
          null,
          "the body has "
              + length
              + " bytes; the limit is "
              + config.maxBodyBytes()
              + ": send fewer or shorter texts per request",
          null);
    }
  }

  /** The most of a refused body that {@link #drain} reads. */
  static final long DRAIN_LIMIT = 8 << 20;

  /**
   * Reads and drops what is left of a refused (413) body, up to {@link #DRAIN_LIMIT} bytes, before
   * answering: a connection closed with request bytes still unread is reset by the kernel, and the
   * client can then lose the answer ("header parser received no bytes"; regression 413-reset in
   * BadRequestTest). A larger body is not read: its connection is closed.
   */
  private static void drain(Context ctx) {
    long length = ctx.req().getContentLengthLong();
    if (length > DRAIN_LIMIT) {
      return;
    }
    byte[] buffer = new byte[64 << 10];
    long read = 0;
    try {
      InputStream in = ctx.req().getInputStream();
      for (int n = in.read(buffer); n >= 0 && read < DRAIN_LIMIT; n = in.read(buffer)) {
        read += n;
      }
    } catch (IOException | RuntimeException e) {
      // The client went away or the stream was consumed: nothing more to drain.
    }
  }

  private void readiness(Context ctx) {
    if (ready && !stopping) {
      Responses.json(ctx, "{\"status\":\"ready\"}");
    } else {
      ctx.status(503)
          .contentType("application/json")
          .result(ApiError.body(503, null, stopping ? "shutting down" : "loading models"));
    }
  }

  private String metricsText() {
    for (ServedModel m : models.all()) {
      metrics.queueDepth(m.name(), m.queued());
    }
    return metrics.text();
  }

  private String modelList() {
    JsonArray a = new JsonArray();
    models.all().forEach(m -> a.add(m.describe()));
    JsonObject o = new JsonObject();
    o.add("models", a);
    return o.toString();
  }

  private static String route(Context ctx) {
    String p = ctx.path();
    return ROUTES.contains(p) ? p : "other";
  }

  private static String resource(String name) {
    try (InputStream in = Server.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + name, e);
    }
  }

  /** The port listened on (the one picked when the config said 0). */
  public int port() {
    return port;
  }

  public ServerConfig config() {
    return config;
  }

  /** Requests received and not yet answered. */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Graceful shutdown: closes the listening socket (no new connections), answers 503 to new
   * requests on open connections, waits up to the grace period for in-flight requests, then stops
   * the HTTP server and frees the models. Idempotent.
   */
  public synchronized void stop() {
    if (app == null) {
      return;
    }
    stopping = true;
    for (Connector c : app.jettyServer().server().getConnectors()) {
      if (c instanceof NetworkConnector n) {
        n.close();
      }
    }
    long deadline = System.nanoTime() + config.graceMs() * 1_000_000L;
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    app.stop();
    app = null;
    freeModels(Math.max(0, (deadline - System.nanoTime()) / 1_000_000L));
    responses.close();
    stopped.countDown();
  }

  /** Blocks until {@link #stop()} has finished. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  private void freeModels(long waitMs) {
    for (ServedModel m : models.all()) {
      m.close(waitMs);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
