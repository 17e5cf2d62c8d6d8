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
import org.transfer4j.engine.InferenceOptions;

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
    EncoderOptions options = EncoderOptions.defaults().withBatchSize(batchSize);
    long t0 = System.nanoTime();
    SentenceEncoder ours =
        SentenceEncoder.load(model, options.withInference(InferenceOptions.parse("onnx", threads)));
    double oursLoad = seconds(t0);
    t0 = System.nanoTime();
    SentenceEncoder torch =
        SentenceEncoder.load(
            model, options.withInference(InferenceOptions.parse("torch", threads)));
    double torchLoad = seconds(t0);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    t0 = System.nanoTime();
    AllMiniLmL6V2EmbeddingModel peer = new AllMiniLmL6V2EmbeddingModel(pool);
    double peerLoad = seconds(t0);
    System.out.printf(
        Locale.ROOT,
        "load: transfer4j onnx %.2f s, transfer4j torch %.2f s, langchain4j %.2f s%n",
        oursLoad,
        torchLoad,
        peerLoad);

    // Three sides per round, the order rotating each round: transfer4j on ONNX Runtime (the
    // default engine), transfer4j on PyTorch (--engine torch), langchain4j (ONNX Runtime).
    String[] names = {"transfer4j-onnx", "transfer4j-torch", "langchain4j"};
    double[][] times = new double[3][rounds];
    // Process CPU time (all threads, libtorch's and ONNX Runtime's native ones included) per pass:
    // on a loaded shared machine it moves far less than wall time.
    double[][] cpu = new double[3][rounds];
    var os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    float[][] oursVectors = null;
    float[][] torchVectors = null;
    List<Embedding> peerVectors = null;
    for (int r = 0; r < rounds; r++) {
      StringBuilder line = new StringBuilder();
      for (int k = 0; k < 3; k++) {
        int side = (r + k) % 3;
        long cpu0 = os.getProcessCpuTime();
        t0 = System.nanoTime();
        switch (side) {
          case 0 -> oursVectors = ours.encode(texts);
          case 1 -> torchVectors = torch.encode(texts);
          default -> peerVectors = peer.embedAll(segments).content();
        }
        times[side][r] = seconds(t0);
        cpu[side][r] = (os.getProcessCpuTime() - cpu0) / 1e9;
        line.append(
            String.format(
                Locale.ROOT,
                "%s %.2f s = %.1f texts/s (CPU %.1f s); ",
                names[side],
                times[side][r],
                texts.size() / times[side][r],
                cpu[side][r]));
      }
      System.out.printf(
          Locale.ROOT, "round %d: %sload %.1f%n", r + 1, line, os.getSystemLoadAverage());
    }
    double[] first = new double[3];
    double[] warm = new double[3];
    double[] warmCpu = new double[3];
    for (int side = 0; side < 3; side++) {
      first[side] = texts.size() / times[side][0];
      warm[side] = texts.size() / median(Arrays.copyOfRange(times[side], 1, rounds));
      warmCpu[side] = 1000 * median(Arrays.copyOfRange(cpu[side], 1, rounds)) / texts.size();
    }
    System.out.printf(
        Locale.ROOT,
        "first pass texts/s: transfer4j onnx %.1f, transfer4j torch %.1f, langchain4j %.1f;"
            + " onnx/langchain4j %.2fx, onnx/torch %.2fx%n",
        first[0],
        first[1],
        first[2],
        first[0] / first[2],
        first[0] / first[1]);
    System.out.printf(
        Locale.ROOT,
        "warm (median of %d) texts/s: transfer4j onnx %.1f, transfer4j torch %.1f, langchain4j"
            + " %.1f; onnx/langchain4j %.2fx, onnx/torch %.2fx%n",
        rounds - 1,
        warm[0],
        warm[1],
        warm[2],
        warm[0] / warm[2],
        warm[0] / warm[1]);
    System.out.printf(
        Locale.ROOT,
        "warm CPU s per 1,000 texts: transfer4j onnx %.2f, transfer4j torch %.2f, langchain4j"
            + " %.2f%n",
        warmCpu[0],
        warmCpu[1],
        warmCpu[2]);
    double torchWorst = 0;
    for (int i = 0; i < texts.size(); i++) {
      for (int d = 0; d < oursVectors[i].length; d++) {
        torchWorst = Math.max(torchWorst, Math.abs(oursVectors[i][d] - torchVectors[i][d]));
      }
    }
    System.out.printf(
        Locale.ROOT, "agreement: max |transfer4j onnx - transfer4j torch| %.2e%n", torchWorst);
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
    torch.close();
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
