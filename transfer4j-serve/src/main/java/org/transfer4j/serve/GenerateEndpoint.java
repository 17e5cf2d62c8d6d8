package org.transfer4j.serve;

import com.google.gson.JsonObject;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.transfer4j.generate.GenerationConfig;
import org.transfer4j.generate.TextGenerator;

/**
 * {@code POST /v1/generate}: a prompt and decoding options (the names of Hugging Face's {@code
 * generate}) -> the continuation; with {@code "stream": true} the answer is a Server-Sent Events
 * stream, one {@code data: {"token": ".."}} event per decoded piece as it is decoded, then an
 * {@code event: done} with the whole result.
 *
 * <pre>{@code
 * curl -N localhost:8080/v1/generate -d '{"prompt": "Hello", "max_new_tokens": 20, "stream": true}'
 * data: {"token":" world"}
 * ...
 * event: done
 * data: {"model":"gpt2","generated_text":"Hello world ...","new_tokens":20}
 * }</pre>
 */
final class GenerateEndpoint {
  /** Marks the end of a stream's events. */
  private static final Object END = new Object();

  private final ModelTable models;
  private final Responses responses;
  private final long timeoutMs;

  GenerateEndpoint(ModelTable models, Responses responses, long timeoutMs) {
    this.models = models;
    this.responses = responses;
    this.timeoutMs = timeoutMs;
  }

  void generate(Context ctx) throws IOException {
    RequestJson r = RequestJson.parse(ctx.body());
    GeneratorServer m = models.pick(r, "generate", GeneratorServer.class);
    String prompt = r.string("prompt", null);
    if (prompt == null || prompt.isEmpty()) {
      throw ApiError.badRequest("prompt", "$.prompt is missing or empty");
    }
    int promptTokens = m.promptTokens(prompt);
    int room = m.contextLength() - promptTokens;
    if (room < 1) {
      throw ApiError.badRequest(
          "prompt",
          "$.prompt has "
              + promptTokens
              + " tokens; the model's context holds "
              + m.contextLength());
    }
    int maxNew = r.integer("max_new_tokens", Math.min(20, room), 1, room);
    GenerationConfig c;
    if (r.bool("do_sample", false)) {
      c =
          GenerationConfig.sampling(
              maxNew,
              (float) r.number("temperature", 1, 1e-3, 100),
              r.integer("top_k", 0, 0, 1_000_000),
              (float) r.number("top_p", 1, 1e-6, 1),
              (long) r.number("seed", 42, 0, 1L << 53));
    } else {
      c = GenerationConfig.greedy(maxNew);
    }
    if (m.eosTokenId() >= 0) {
      c = c.withEosTokenId(m.eosTokenId());
    }
    if (!r.bool("stream", false)) {
      responses.async(ctx, m.generate(prompt, c, null), s -> result(m, s).toString());
      return;
    }
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    CompletableFuture<TextGenerator.Sequence> done = m.generate(prompt, c, events::add);
    done.whenComplete((s, e) -> events.add(END));
    try {
      stream(ctx, m, events, done);
    } finally {
      // Left early (the client hung up, so a write failed; or the time limit passed): stop the
      // decoding instead of finishing it for nobody.
      done.cancel(false);
    }
  }

  /**
   * Writes each piece as an SSE event and flushes it, on this HTTP thread, until the end; a client
   * that hangs up makes a write fail, which ends the stream and the decoding.
   */
  private void stream(
      Context ctx,
      GeneratorServer m,
      BlockingQueue<Object> events,
      CompletableFuture<TextGenerator.Sequence> done)
      throws IOException {
    ctx.status(200);
    ctx.res().setContentType("text/event-stream;charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-cache");
    OutputStream out = ctx.res().getOutputStream();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (true) {
      Object e;
      try {
        e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
        return;
      }
      if (e == null) {
        send(out, "error", ApiError.body(503, null, "generation exceeded " + timeoutMs + " ms"));
        return;
      }
      if (e == END) {
        break;
      }
      JsonObject piece = new JsonObject();
      piece.addProperty("token", (String) e);
      send(out, null, piece.toString());
    }
    try {
      send(out, "done", result(m, done.join()).toString());
    } catch (RuntimeException x) {
      Throwable cause = x.getCause() != null ? x.getCause() : x;
      send(out, "error", ApiError.body(500, null, "generation failed: " + cause));
    }
  }

  private static void send(OutputStream out, String event, String data) throws IOException {
    StringBuilder b = new StringBuilder();
    if (event != null) {
      b.append("event: ").append(event).append('\n');
    }
    b.append("data: ").append(data).append("\n\n");
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static JsonObject result(GeneratorServer m, TextGenerator.Sequence s) {
    JsonObject o = new JsonObject();
    o.addProperty("model", m.name());
    o.addProperty("generated_text", s.fullText());
    o.addProperty("continuation", s.continuation());
    o.addProperty("new_tokens", s.newTokens());
    return o;
  }
}
