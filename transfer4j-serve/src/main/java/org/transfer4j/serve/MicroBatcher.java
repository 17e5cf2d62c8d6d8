package org.transfer4j.serve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Dynamic micro-batching for one model: requests from many HTTP threads drop their examples into a
 * queue; one worker thread, the only one that touches the model (models are not thread-safe), takes
 * up to {@code maxBatch} examples, waiting at most {@code maxWaitMs} after the first for more to
 * arrive, runs them as one call and completes each request with its own outputs, in order.
 *
 * <p>The queue is bounded in examples: a request whose examples do not all fit is refused at once
 * ({@link ApiError} 429 with {@code Retry-After}) rather than queued without end, so memory and
 * latency stay bounded whatever the offered load. A request that has already been answered (timed
 * out) when the worker reaches it is skipped, not computed.
 *
 * <pre>{@code
 * MicroBatcher<String, float[]> b =
 *     new MicroBatcher<>("minilm", texts -> List.of(encoder.encode(texts)), 32, 5, 1024, metrics);
 * CompletableFuture<List<float[]>> v = b.submit(List.of("hello", "world"));
 * }</pre>
 *
 * @param <I> one example
 * @param <O> one example's output
 */
public final class MicroBatcher<I, O> implements AutoCloseable {
  private record Item<I, O>(I input, Pending<O> request, int index) {}

  /** One request's examples: its outputs fill in as batches finish. */
  private static final class Pending<O> {
    final CompletableFuture<List<O>> future = new CompletableFuture<>();
    final Object[] outputs;
    final AtomicInteger left;

    Pending(int n) {
      outputs = new Object[n];
      left = new AtomicInteger(n);
    }

    @SuppressWarnings("unchecked")
    void set(int i, O o) {
      outputs[i] = o;
      if (left.decrementAndGet() == 0) {
        future.complete((List<O>) Arrays.asList(outputs));
      }
    }
  }

  private final String name;
  private final Function<List<I>, List<O>> run;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final int maxQueue;
  private final ServeMetrics metrics;
  private final LinkedBlockingQueue<Item<I, O>> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final Thread worker;
  private volatile boolean closing;

  /**
   * Starts the worker thread.
   *
   * @param name the model's name (thread name, metric label)
   * @param run the model call: outputs of a batch of inputs, in order, same size
   */
  public MicroBatcher(
      String name,
      Function<List<I>, List<O>> run,
      int maxBatch,
      int maxWaitMs,
      int maxQueue,
      ServeMetrics metrics) {
    this.name = name;
    this.run = run;
    this.maxBatch = maxBatch;
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
    this.maxQueue = maxQueue;
    this.metrics = metrics;
    this.worker = new Thread(this::loop, "model-" + name);
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Queues a request's examples; the future completes with their outputs in order.
   *
   * @throws ApiError 429 when the queue has no room for all of them, 503 when shutting down
   */
  public CompletableFuture<List<O>> submit(List<I> inputs) {
    if (closing) {
      throw new ApiError(503, null, "the server is shutting down", 1);
    }
    int n = inputs.size();
    while (true) {
      int q = queued.get();
      if (q + n > maxQueue) {
        throw new ApiError(
            429,
            null,
            "model '"
                + name
                + "' has "
                + q
                + " examples queued (limit "
                + maxQueue
                + "); retry later",
            1);
      }
      if (queued.compareAndSet(q, q + n)) {
        break;
      }
    }
    metrics.queueDepth(name, queued.get());
    Pending<O> p = new Pending<>(n);
    for (int i = 0; i < n; i++) {
      queue.add(new Item<>(inputs.get(i), p, i));
    }
    return p.future;
  }

  /** Examples waiting or running. */
  public int queued() {
    return queued.get();
  }

  private void loop() {
    List<Item<I, O>> batch = new ArrayList<>(maxBatch);
    while (true) {
      batch.clear();
      try {
        Item<I, O> first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closing && queue.isEmpty()) {
            return;
          }
          continue;
        }
        batch.add(first);
        long deadline = System.nanoTime() + maxWaitNanos;
        while (batch.size() < maxBatch) {
          long left = deadline - System.nanoTime();
          Item<I, O> next = left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        batch.forEach(i -> i.request().future.completeExceptionally(e));
        return;
      }
      runBatch(batch);
    }
  }

  private void runBatch(List<Item<I, O>> batch) {
    int taken = batch.size();
    // A request already answered (timed out) is not worth a forward pass.
    batch.removeIf(i -> i.request().future.isDone());
    try {
      if (!batch.isEmpty()) {
        List<I> inputs = new ArrayList<>(batch.size());
        batch.forEach(i -> inputs.add(i.input()));
        List<O> outputs = run.apply(inputs);
        metrics.batch(name, batch.size());
        for (int k = 0; k < batch.size(); k++) {
          Item<I, O> it = batch.get(k);
          it.request().set(it.index(), outputs.get(k));
        }
      }
    } catch (RuntimeException | Error e) {
      batch.forEach(i -> i.request().future.completeExceptionally(e));
    } finally {
      metrics.queueDepth(name, queued.addAndGet(-taken));
    }
  }

  /**
   * Stops taking requests; the worker finishes what is queued, then ends. Waits for it at most
   * {@code waitMs}; past that, examples still queued are dropped (their requests time out) and the
   * batch running is let finish, up to 30 s more.
   *
   * @return whether the worker has ended, so the model it owned may be freed (freeing it under a
   *     running forward pass would crash the process)
   */
  public boolean close(long waitMs) {
    closing = true;
    try {
      worker.join(Math.max(1, waitMs));
      if (worker.isAlive()) {
        worker.interrupt(); // wakes a waiting poll; a forward pass in native code runs to its end
        worker.join(30_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !worker.isAlive();
  }

  @Override
  public void close() {
    close(10_000);
  }
}
