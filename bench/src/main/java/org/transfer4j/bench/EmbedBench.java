package org.transfer4j.bench;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.transfer4j.data.TextRecords;
import org.transfer4j.embed.EncoderOptions;
import org.transfer4j.embed.SentenceEncoder;
import org.transfer4j.engine.Bootstrap;

/**
 * Sentence-vector throughput of transfer4j's {@link SentenceEncoder} (libtorch) against
 * langchain4j's {@code AllMiniLmL6V2EmbeddingModel} (ONNX Runtime, the same all-MiniLM-L6-v2
 * weights) on the same texts in the same JVM: each side's first pass (right after loading, cold
 * code paths) and its warm passes, alternating which side goes first every round so drift in the
 * machine's load hits both; then the cosine between the two sides' vectors of every text.
 *
 * <pre>
 * bench/embed.sh --model all-MiniLM-L6-v2 --input ../shared/data/banking77/test.csv --threads 2
 * </pre>
 *
 * Both use {@code threads} threads: libtorch's intra-op pool for transfer4j (batches of 32 texts
 * sorted by length); for langchain4j an executor of that many threads, each embedding one text at a
 * time on a session whose intra-op pool ONNX Runtime sizes to the cores, as its default does.
 */
public final class EmbedBench {
  private EmbedBench() {}

  public static void main(String[] args) throws Exception {
    String model = "all-MiniLM-L6-v2";
    Path input = null;
    String column = null;
    int threads = 2;
    int rounds = 3;
    int batchSize = 32;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--model" -> model = args[++i];
        case "--input" -> input = Path.of(args[++i]);
        case "--column" -> column = args[++i];
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
        default -> {
          System.err.println(
              "usage: EmbedBench --input FILE [--column NAME] [--model M] [--threads N]"
                  + " [--rounds N] [--batch-size N]");
          System.exit(2);
        }
      }
    }
    if (input == null) {
      System.err.println("error: --input FILE is required (e.g. banking77/test.csv)");
      System.exit(2);
    }
    List<String> texts = new ArrayList<>();
    try (TextRecords r = TextRecords.open(input, column)) {
      r.forEachRemaining(texts::add);
    }
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    System.out.printf(
        Locale.ROOT,
        "%d texts from %s, %d threads each, %d rounds%n",
        texts.size(),
        input,
        threads,
        rounds);

    Bootstrap.init(Bootstrap.Options.defaults().withThreads(threads));
    long t0 = System.nanoTime();
    SentenceEncoder ours =
        SentenceEncoder.load(model, EncoderOptions.defaults().withBatchSize(batchSize));
    double oursLoad = seconds(t0);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    t0 = System.nanoTime();
    AllMiniLmL6V2EmbeddingModel peer = new AllMiniLmL6V2EmbeddingModel(pool);
    double peerLoad = seconds(t0);
    System.out.printf(
        Locale.ROOT, "load: transfer4j %.2f s, langchain4j %.2f s%n", oursLoad, peerLoad);

    double[] oursTimes = new double[rounds];
    double[] peerTimes = new double[rounds];
    // Process CPU time (all threads, libtorch's and ONNX Runtime's native ones included) per pass:
    // on a loaded shared machine it moves far less than wall time.
    double[] oursCpu = new double[rounds];
    double[] peerCpu = new double[rounds];
    var os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    float[][] oursVectors = null;
    List<Embedding> peerVectors = null;
    for (int r = 0; r < rounds; r++) {
      boolean oursFirst = r % 2 == 0;
      for (int side = 0; side < 2; side++) {
        boolean runOurs = (side == 0) == oursFirst;
        long cpu0 = os.getProcessCpuTime();
        t0 = System.nanoTime();
        if (runOurs) {
          oursVectors = ours.encode(texts);
          oursTimes[r] = seconds(t0);
          oursCpu[r] = (os.getProcessCpuTime() - cpu0) / 1e9;
        } else {
          peerVectors = peer.embedAll(segments).content();
          peerTimes[r] = seconds(t0);
          peerCpu[r] = (os.getProcessCpuTime() - cpu0) / 1e9;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "round %d (%s first): transfer4j %.2f s = %.1f texts/s (CPU %.1f s), langchain4j %.2f"
              + " s = %.1f texts/s (CPU %.1f s), load %.1f%n",
          r + 1,
          oursFirst ? "transfer4j" : "langchain4j",
          oursTimes[r],
          texts.size() / oursTimes[r],
          oursCpu[r],
          peerTimes[r],
          texts.size() / peerTimes[r],
          peerCpu[r],
          os.getSystemLoadAverage());
    }
    double oursWarm = median(Arrays.copyOfRange(oursTimes, 1, rounds));
    double peerWarm = median(Arrays.copyOfRange(peerTimes, 1, rounds));
    System.out.printf(
        Locale.ROOT,
        "first pass: transfer4j %.1f texts/s, langchain4j %.1f texts/s, langchain4j/transfer4j"
            + " %.2fx%n",
        texts.size() / oursTimes[0],
        texts.size() / peerTimes[0],
        oursTimes[0] / peerTimes[0]);
    System.out.printf(
        Locale.ROOT,
        "warm (median of %d): transfer4j %.1f texts/s, langchain4j %.1f texts/s,"
            + " langchain4j/transfer4j %.2fx%n",
        rounds - 1,
        texts.size() / oursWarm,
        texts.size() / peerWarm,
        oursWarm / peerWarm);

    double oursWarmCpu = median(Arrays.copyOfRange(oursCpu, 1, rounds));
    double peerWarmCpu = median(Arrays.copyOfRange(peerCpu, 1, rounds));
    System.out.printf(
        Locale.ROOT,
        "CPU per 1,000 texts: first pass transfer4j %.1f s, langchain4j %.1f s (%.2fx); warm"
            + " transfer4j %.1f s, langchain4j %.1f s (langchain4j/transfer4j %.2fx)%n",
        1000 * oursCpu[0] / texts.size(),
        1000 * peerCpu[0] / texts.size(),
        oursCpu[0] / peerCpu[0],
        1000 * oursWarmCpu / texts.size(),
        1000 * peerWarmCpu / texts.size(),
        oursWarmCpu / peerWarmCpu);
    double min = 1;
    double sum = 0;
    int worst = -1;
    for (int i = 0; i < texts.size(); i++) {
      float[] a = oursVectors[i];
      float[] b = peerVectors.get(i).vector();
      double dot = 0;
      double na = 0;
      double nb = 0;
      for (int d = 0; d < a.length; d++) {
        dot += (double) a[d] * b[d];
        na += (double) a[d] * a[d];
        nb += (double) b[d] * b[d];
      }
      double cos = dot / Math.sqrt(na * nb);
      sum += cos;
      if (cos < min) {
        min = cos;
        worst = i;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "agreement: cosine(transfer4j, langchain4j) mean %.9f (1 - mean = %.1e), min %.9f"
            + " (text %d: %s)%n",
        sum / texts.size(),
        1 - sum / texts.size(),
        min,
        worst,
        worst < 0 ? "" : texts.get(worst));
    ours.close();
    pool.shutdown();
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
