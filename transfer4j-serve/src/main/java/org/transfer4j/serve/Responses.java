package org.transfer4j.serve;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.transfer4j.BadInputException;

/**
 * Writes answers: JSON bodies, and every failure as the JSON error body of {@link ApiError} with
 * its status ({@code Retry-After} on 429 and 503), whether it was thrown while reading the request
 * or came back from a model's worker.
 *
 * <pre>{@code
 * responses.async(ctx, model.classify(texts), results -> toJson(results));
 * }</pre>
 */
final class Responses implements AutoCloseable {
  private final long timeoutMs;
  // Answers are serialised here, not on the model's thread, which goes straight back to batching.
  private final ExecutorService writers =
      Executors.newFixedThreadPool(
          Math.max(2, Runtime.getRuntime().availableProcessors()),
          r -> {
            Thread t = new Thread(r, "respond");
            t.setDaemon(true);
            return t;
          });

  Responses(long timeoutMs) {
    this.timeoutMs = timeoutMs;
  }

  /** A JSON body with status 200. */
  static void json(Context ctx, String body) {
    ctx.status(200).contentType("application/json").result(body);
  }

  /**
   * Answers when {@code work} completes, with {@code body} of its value; past the request timeout,
   * 503.
   */
  <T> void async(
      Context ctx, CompletableFuture<T> work, java.util.function.Function<T, String> body) {
    CompletableFuture<T> bounded = work.orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
    Supplier<CompletableFuture<?>> answer =
        () ->
            bounded.handleAsync(
                (value, error) -> {
                  if (error != null) {
                    fail(ctx, error);
                  } else {
                    json(ctx, body.apply(value));
                  }
                  return null;
                },
                writers);
    ctx.future(answer);
  }

  /** The status and JSON error body for {@code error}. */
  void fail(Context ctx, Throwable error) {
    Throwable e = unwrap(error);
    ApiError api;
    if (e instanceof ApiError a) {
      api = a;
    } else if (e instanceof BadInputException b) {
      api = ApiError.badRequest(null, b.getMessage());
    } else if (e instanceof TimeoutException) {
      api =
          new ApiError(503, null, "the request took longer than the " + timeoutMs + " ms limit", 1);
    } else if (e instanceof HttpResponseException h) {
      String m =
          h.getStatus() == 413
              ? "the body is larger than the server's limit; send fewer or shorter texts"
              : h.getMessage();
      api = new ApiError(h.getStatus(), null, m, null);
    } else {
      api = new ApiError(500, null, "internal error: " + e, null);
    }
    if (api.retryAfterSeconds() != null) {
      ctx.header("Retry-After", Integer.toString(api.retryAfterSeconds()));
    }
    ctx.status(api.status()).contentType("application/json").result(api.toJson());
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  @Override
  public void close() {
    writers.shutdown();
  }
}
