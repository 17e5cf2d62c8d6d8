package org.transfer4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transfer4j.engine.InferenceOptions;
import org.transfer4j.serve.ModelSpec;
import org.transfer4j.serve.Server;
import org.transfer4j.serve.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code transfer4j serve}: the HTTP server of transfer4j-serve until SIGTERM or Ctrl-C, which stop
 * it gracefully (in-flight requests finish within {@code --grace-ms}) and exit 0.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serve models over HTTP: POST /v1/classify, /v1/tag, /v1/embed, /v1/similarity,"
            + " /v1/generate (SSE with \"stream\": true); GET /v1/models, /health, /ready,"
            + " /metrics (Prometheus), /openapi.json. Concurrent requests are batched per model.")
final class ServeCommand implements Callable<Integer> {
  @Mixin EngineOptions engineOptions;

  @Mixin InferenceCliOptions inference;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR|NAME|NAME=DIR",
      description =
          "A model to serve (repeatable): a folder or built-in model name, named after the folder;"
              + " NAME=DIR names it. Fine-tuned classifiers and taggers, BERT/DistilBERT encoders"
              + " and GPT-2 folders.")
  List<String> models = new ArrayList<>();

  @Option(
      names = "--host",
      paramLabel = "ADDR",
      description = "Interface to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0: all).")
  String host = "127.0.0.1";

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "TCP port (default: ${DEFAULT-VALUE}; 0: a free port).")
  int port = 8080;

  @Option(
      names = "--max-batch",
      paramLabel = "N",
      description =
          "Examples collected per batch from concurrent requests, run in passes of similar"
              + " length (default: 32).")
  Integer maxBatch;

  @Option(
      names = "--max-wait-ms",
      paramLabel = "T",
      description = "How long a batch waits for more examples after its first (default: 5).")
  Integer maxWaitMs;

  @Option(
      names = "--max-queue",
      paramLabel = "Q",
      description = "Examples queued per model; more get 429 with Retry-After (default: 1024).")
  Integer maxQueue;

  @Option(
      names = "--max-body-bytes",
      paramLabel = "N",
      description = "Request body limit; larger bodies get 413 (default: 1048576).")
  Long maxBodyBytes;

  @Option(
      names = "--timeout-ms",
      paramLabel = "T",
      description = "Per-request limit; slower requests get 503 (default: 30000).")
  Long timeoutMs;

  @Option(
      names = "--grace-ms",
      paramLabel = "T",
      description = "On SIGTERM, how long in-flight requests may take to finish (default: 10000).")
  Long graceMs;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ServerConfig c = config();
    engineOptions.init();
    PrintWriter out = spec.commandLine().getOut();
    Server server = Server.start(c);
    // SIGTERM and Ctrl-C stop the server gracefully instead of the JVM's default of exiting at
    // once (status 143) with requests cut off; the command then returns 0.
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(new Signal(name), s -> new Thread(server::stop, "shutdown").start());
    }
    for (String m : c.models().stream().map(ModelSpec::name).toList()) {
      out.println("model " + m);
    }
    out.printf(
        Locale.ROOT,
        "listening on http://%s:%d (max batch %d, max wait %d ms, max queue %d)%n",
        c.host(),
        server.port(),
        c.maxBatch(),
        c.maxWaitMs(),
        c.maxQueue());
    out.flush();
    server.awaitStop();
    out.println("stopped");
    return 0;
  }

  ServerConfig config() {
    ServerConfig d = ServerConfig.defaults(models.stream().map(ModelSpec::parse).toList());
    return new ServerConfig(
        d.models(),
        host,
        port,
        maxBatch != null ? maxBatch : d.maxBatch(),
        maxWaitMs != null ? maxWaitMs : d.maxWaitMs(),
        maxQueue != null ? maxQueue : d.maxQueue(),
        maxBodyBytes != null ? maxBodyBytes : d.maxBodyBytes(),
        timeoutMs != null ? timeoutMs : d.timeoutMs(),
        graceMs != null ? graceMs : d.graceMs(),
        // Threads 0: the sessions follow --threads once the engine has started.
        InferenceOptions.parse(inference.engine, 0));
  }
}
