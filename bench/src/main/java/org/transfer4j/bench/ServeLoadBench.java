package org.transfer4j.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.transfer4j.data.TextRecords;

/**
 * A bounded load test of {@code transfer4j serve}: {@code requests} POSTs of one text each to an
 * endpoint, from {@code concurrency} client threads that each send their next request as soon as
 * the previous one is answered (a closed loop, like {@code wrk -c}), cycling through the texts of a
 * file; it stops by itself after the last answer and prints throughput, latency percentiles and the
 * count of every status (nothing may be lost: answered must equal sent). For {@code /v1/generate}
 * each request is a greedy continuation of {@code --new-tokens} tokens of one text as the prompt.
 *
 * <pre>
 * bench/serve-load.sh MODEL_DIR 20000 64   # starts the server, runs this, stops the server
 * </pre>
 */
public final class ServeLoadBench {
  private ServeLoadBench() {}

  public static void main(String[] args) throws Exception {
    String url = "http://127.0.0.1:8080/v1/classify";
    Path input = null;
    int requests = 20_000;
    int concurrency = 64;
    int newTokens = 32;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--url" -> url = args[i + 1];
        case "--input" -> input = Path.of(args[i + 1]);
        case "--requests" -> requests = Integer.parseInt(args[i + 1]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
        case "--new-tokens" -> newTokens = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (input == null) {
      throw new IllegalArgumentException("--input FILE (texts: CSV column text, or lines)");
    }
    List<String> bodies = new ArrayList<>();
    try (TextRecords r = TextRecords.open(input, TextRecords.DEFAULT_COLUMN)) {
      while (r.hasNext()) {
        JsonObject o = new JsonObject();
        if (url.endsWith("/v1/generate")) {
          o.addProperty("prompt", r.next());
          o.addProperty("max_new_tokens", newTokens);
        } else {
          JsonArray texts = new JsonArray();
          texts.add(r.next());
          o.add("texts", texts);
        }
        bodies.add(o.toString());
      }
    }
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    URI uri = URI.create(url);
    long[] latency = new long[requests];
    int[] status = new int[requests];
    AtomicInteger next = new AtomicInteger();
    final int total = requests;
    Thread[] clients = new Thread[concurrency];
    long t0 = System.nanoTime();
    for (int c = 0; c < concurrency; c++) {
      clients[c] =
          new Thread(
              () -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                  HttpRequest req =
                      HttpRequest.newBuilder(uri)
                          .timeout(Duration.ofSeconds(120))
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i % bodies.size())))
                          .build();
                  long s = System.nanoTime();
                  try {
                    status[i] = client.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
                  } catch (Exception e) {
                    status[i] = -1; // no answer: connection error or client timeout
                  }
                  latency[i] = System.nanoTime() - s;
                }
              });
      clients[c].start();
    }
    for (Thread t : clients) {
      t.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<Integer, Integer> counts = new TreeMap<>();
    for (int s : status) {
      counts.merge(s, 1, Integer::sum);
    }
    long[] sorted = latency.clone();
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "requests %d, concurrency %d, %.1f s, %.1f requests/s, latency ms p50 %.1f p90 %.1f p99"
            + " %.1f max %.1f, statuses %s%n",
        total,
        concurrency,
        seconds,
        total / seconds,
        pct(sorted, 0.50),
        pct(sorted, 0.90),
        pct(sorted, 0.99),
        sorted[sorted.length - 1] / 1e6,
        counts);
  }

  private static double pct(long[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
