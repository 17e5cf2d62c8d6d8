package org.transfer4j.spark;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Models loaded once per executor JVM and shared by the tasks running in it, keyed by what they
 * were loaded from (kind, folder, options). A task {@link #acquire acquires} a lease for its
 * partition and closes it at the end; when the last lease of a model is closed the model stays
 * loaded for {@link #IDLE_PROPERTY} seconds (default 60) so the next task (the next partition, the
 * next stage) reuses it, and is then closed, freeing its native memory. Nothing here is ever
 * serialised: a transformer ships only the model's path and options, and each executor loads from
 * there on first use.
 *
 * <pre>{@code
 * try (SharedModels.Lease<TaskModel> lease =
 *     SharedModels.acquire("classify:" + dir, () -> TaskModel.load(dir))) {
 *   TaskModel m = lease.get();
 * }
 * }</pre>
 */
public final class SharedModels {
  /** System property: seconds an unused model stays loaded (0 closes it at once). */
  public static final String IDLE_PROPERTY = "transfer4j.spark.idleSeconds";

  private static final Map<String, Entry> MODELS = new HashMap<>();
  private static final AtomicLong LOADS = new AtomicLong();
  private static final ScheduledExecutorService REAPER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "transfer4j-model-reaper");
            t.setDaemon(true);
            return t;
          });

  private SharedModels() {}

  /** Loads a model; may throw an unchecked or an I/O exception. */
  @FunctionalInterface
  public interface Loader<T> {
    T load() throws Exception;
  }

  /** One task's use of a shared model; close it when the partition is done. */
  public static final class Lease<T> implements AutoCloseable {
    private final String key;
    private final T model;
    private boolean closed;

    private Lease(String key, T model) {
      this.key = key;
      this.model = model;
    }

    public T get() {
      return model;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release(key);
      }
    }
  }

  private static final class Entry {
    final Object model;
    int leases;
    ScheduledFuture<?> pendingClose;

    Entry(Object model) {
      this.model = model;
    }
  }

  /**
   * The model under {@code key}, loaded by {@code loader} if this JVM has none. Loading happens
   * under the registry's lock, so two tasks asking for the same model at once load it once.
   */
  @SuppressWarnings("unchecked")
  public static <T> Lease<T> acquire(String key, Loader<T> loader) {
    synchronized (MODELS) {
      Entry e = MODELS.get(key);
      if (e == null) {
        try {
          e = new Entry(loader.load());
        } catch (RuntimeException x) {
          throw x;
        } catch (Exception x) {
          throw new IllegalStateException("cannot load " + key + ": " + x.getMessage(), x);
        }
        LOADS.incrementAndGet();
        MODELS.put(key, e);
      }
      if (e.pendingClose != null) {
        e.pendingClose.cancel(false);
        e.pendingClose = null;
      }
      e.leases++;
      return new Lease<>(key, (T) e.model);
    }
  }

  private static void release(String key) {
    synchronized (MODELS) {
      Entry e = MODELS.get(key);
      if (e == null || --e.leases > 0) {
        return;
      }
      long idle = Long.getLong(IDLE_PROPERTY, 60);
      if (idle <= 0) {
        closeNow(key, e);
      } else {
        e.pendingClose = REAPER.schedule(() -> closeIfUnused(key, e), idle, TimeUnit.SECONDS);
      }
    }
  }

  private static void closeIfUnused(String key, Entry e) {
    synchronized (MODELS) {
      if (e.leases == 0 && MODELS.get(key) == e) {
        closeNow(key, e);
      }
    }
  }

  private static void closeNow(String key, Entry e) {
    MODELS.remove(key);
    if (e.model instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception x) {
        // Closing frees native memory; a failure leaves nothing for a caller to act on.
        System.err.println("warning: closing " + key + " failed: " + x);
      }
    }
  }

  /** Models loaded by this JVM since it started (tests check that a job loads each once). */
  public static long loads() {
    return LOADS.get();
  }

  /** Models loaded now. */
  public static int loaded() {
    synchronized (MODELS) {
      return MODELS.size();
    }
  }
}
