package org.transfer4j.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.transfer4j.data.ClassificationColumns;
import org.transfer4j.data.ClassificationReader;
import org.transfer4j.data.TextExample;
import org.transfer4j.embed.EncoderOptions;
import org.transfer4j.embed.SentenceEncoder;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.search.ExactSearch;
import org.transfer4j.search.Hit;
import org.transfer4j.search.IndexBuilder;
import org.transfer4j.search.IndexMetadata;
import org.transfer4j.search.KnnEvaluation;
import org.transfer4j.search.TopK;
import org.transfer4j.search.VectorIndex;
import org.transfer4j.search.VectorIndexWriter;
import org.transfer4j.search.VectorSimilarity;

/**
 * Nearest-neighbour search on BANKING77 sentence vectors (not a test): the training texts (10,003)
 * are embedded once (cached under {@code --cache}) and indexed; the 3,080 test texts are the
 * queries. Measures, in one run: exact search (libtorch matrix product + heap) against a plain Java
 * loop, HNSW recall@10 and queries/s at several candidate counts, and k-NN accuracy (k = 1, 5, 10)
 * with exact and HNSW neighbours.
 *
 * <pre>
 * bench/knn-banking77.sh --model all-MiniLM-L6-v2 --threads 2
 * </pre>
 */
public final class KnnBench {
  private KnnBench() {}

  public static void main(String[] args) throws Exception {
    String model = "all-MiniLM-L6-v2";
    Path data = Path.of("../shared/data/banking77");
    Path cache = Path.of("/tmp/transfer4j-knn-bench");
    int threads = 2;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--model" -> model = args[i + 1];
        case "--data" -> data = Path.of(args[i + 1]);
        case "--cache" -> cache = Path.of(args[i + 1]);
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Bootstrap.init(new Bootstrap.Options(threads, false, 42));
    ClassificationColumns cols = new ClassificationColumns("text", null, "category");
    List<TextExample> train = ClassificationReader.read(data.resolve("train.csv"), cols);
    List<TextExample> test = ClassificationReader.read(data.resolve("test.csv"), cols);
    Files.createDirectories(cache);
    float[][] trainV;
    float[][] testV;
    IndexMetadata meta;
    try (SentenceEncoder enc = SentenceEncoder.load(model, EncoderOptions.defaults())) {
      String key = enc.fingerprint().replaceAll("[^A-Za-z0-9]", "").substring(0, 16);
      trainV = cached(enc, train, cache.resolve(key + "-train.f32"));
      testV = cached(enc, test, cache.resolve(key + "-test.f32"));
      meta =
          new IndexMetadata(
              IndexMetadata.FORMAT,
              IndexMetadata.VERSION,
              model,
              enc.fingerprint(),
              "mean",
              true,
              enc.dimension(),
              0,
              VectorSimilarity.DOT_PRODUCT.id(),
              "text",
              "category",
              IndexBuilder.HNSW_M,
              IndexBuilder.HNSW_BEAM_WIDTH,
              Instant.now().toString());
    }
    int dim = trainV[0].length;
    System.out.printf(
        Locale.ROOT,
        "model %s, %d training vectors, %d test queries, dimension %d, %d threads%n",
        model,
        trainV.length,
        testV.length,
        dim,
        threads);

    Path dir = cache.resolve("index");
    long t0 = System.nanoTime();
    try (VectorIndexWriter w = VectorIndexWriter.create(dir, meta, true)) {
      for (int i = 0; i < trainV.length; i++) {
        w.add(trainV[i], train.get(i).text(), train.get(i).label());
      }
      w.finish();
    }
    System.out.printf(
        Locale.ROOT,
        "HNSW build (M=%d, beam %d, one segment): %.1f s%n",
        IndexBuilder.HNSW_M,
        IndexBuilder.HNSW_BEAM_WIDTH,
        (System.nanoTime() - t0) / 1e9);

    int k = 10;
    try (VectorIndex index = VectorIndex.open(dir)) {
      ExactSearch exact = index.exact();
      exact.search(slice(testV, 200), k); // warm-up
      Hit[][] reference = null;
      double best = Double.MAX_VALUE;
      for (int rep = 0; rep < 3; rep++) {
        long s = System.nanoTime();
        reference = exact.search(testV, k);
        best = Math.min(best, (System.nanoTime() - s) / 1e9);
      }
      System.out.printf(
          Locale.ROOT,
          "exact, libtorch matmul + heap (best of 3): %.3f s, %.0f queries/s%n",
          best,
          testV.length / best);

      float[] rows = index.vectors();
      javaLoop(rows, dim, slice(testV, 200), k); // warm-up
      long s = System.nanoTime();
      Hit[][] loop = javaLoop(rows, dim, testV, k);
      double loopSeconds = (System.nanoTime() - s) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "exact, plain Java loop (%d threads): %.3f s, %.0f queries/s; same top-%d as matmul:"
              + " %.4f%n",
          threads,
          loopSeconds,
          testV.length / loopSeconds,
          k,
          KnnEvaluation.recall(loop, reference));

      // One query at a time (an interactive search): a matrix-vector product per query.
      double single = Double.MAX_VALUE;
      for (int rep = 0; rep < 3; rep++) {
        s = System.nanoTime();
        for (float[] q : testV) {
          exact.search(new float[][] {q}, k);
        }
        single = Math.min(single, (System.nanoTime() - s) / 1e9);
      }
      System.out.printf(
          Locale.ROOT,
          "exact, one query per call (best of 3): %.0f queries/s%n",
          testV.length / single);

      System.out.println("HNSW recall@10 against exact, queries/s (k=10, best of 3):");
      System.out.println(
          "| candidates | recall@10 | queries/s, 1 thread | queries/s, "
              + threads
              + " threads | vs exact batched | vs exact one per call |");
      System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
      for (int candidates : new int[] {10, 20, 50, 100, 200}) {
        index.searchAll(slice(testV, 500), k, candidates); // warm-up
        double one = Double.MAX_VALUE;
        double many = Double.MAX_VALUE;
        Hit[][] hnsw = null;
        for (int rep = 0; rep < 3; rep++) {
          s = System.nanoTime();
          for (float[] q : testV) {
            index.search(q, k, candidates);
          }
          one = Math.min(one, (System.nanoTime() - s) / 1e9);
          s = System.nanoTime();
          hnsw = index.searchAll(testV, k, candidates);
          many = Math.min(many, (System.nanoTime() - s) / 1e9);
        }
        System.out.printf(
            Locale.ROOT,
            "| %d | %.4f | %.0f | %.0f | %.2fx | %.2fx |%n",
            candidates,
            KnnEvaluation.recall(hnsw, reference),
            testV.length / one,
            testV.length / many,
            best / many,
            single / one);
      }

      List<String> gold = test.stream().map(TextExample::label).toList();
      System.out.println("k-NN accuracy on the test split (training texts as the index):");
      System.out.println("| k | exact | HNSW (100 candidates) | HNSW recall@k |");
      System.out.println("| ---: | ---: | ---: | ---: |");
      for (int kk : new int[] {1, 5, 10}) {
        KnnEvaluation.Result e = KnnEvaluation.run(index, testV, gold, kk, true, 100);
        KnnEvaluation.Result h = KnnEvaluation.run(index, testV, gold, kk, false, 100);
        System.out.printf(
            Locale.ROOT,
            "| %d | %.4f | %.4f | %.4f |%n",
            kk,
            e.scores().metrics().get("accuracy"),
            h.scores().metrics().get("accuracy"),
            h.recall());
      }
    }
  }

  /** Exact top-k with a plain dot-product loop (4 accumulators), queries spread over the cores. */
  static Hit[][] javaLoop(float[] rows, int dim, float[][] queries, int k) {
    int n = rows.length / dim;
    Hit[][] out = new Hit[queries.length][];
    IntStream.range(0, queries.length)
        .parallel()
        .forEach(
            q -> {
              float[] v = queries[q];
              TopK top = new TopK(k);
              for (int r = 0; r < n; r++) {
                int base = r * dim;
                float a0 = 0;
                float a1 = 0;
                float a2 = 0;
                float a3 = 0;
                int j = 0;
                for (; j + 3 < dim; j += 4) {
                  a0 += v[j] * rows[base + j];
                  a1 += v[j + 1] * rows[base + j + 1];
                  a2 += v[j + 2] * rows[base + j + 2];
                  a3 += v[j + 3] * rows[base + j + 3];
                }
                for (; j < dim; j++) {
                  a0 += v[j] * rows[base + j];
                }
                top.offer(r, (a0 + a1) + (a2 + a3));
              }
              out[q] = top.drain();
            });
    return out;
  }

  static float[][] slice(float[][] a, int n) {
    return java.util.Arrays.copyOf(a, Math.min(n, a.length));
  }

  /** The texts' vectors, from {@code file} when an earlier run wrote it. */
  static float[][] cached(SentenceEncoder enc, List<TextExample> examples, Path file)
      throws IOException {
    if (Files.exists(file)) {
      try (DataInputStream in =
          new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
        int n = in.readInt();
        int d = in.readInt();
        if (n == examples.size()) {
          float[][] v = new float[n][d];
          for (float[] row : v) {
            for (int j = 0; j < d; j++) {
              row[j] = in.readFloat();
            }
          }
          System.out.println("vectors from the cache " + file);
          return v;
        }
      }
    }
    long s = System.nanoTime();
    float[][] v = enc.encode(examples.stream().map(TextExample::text).toList());
    double sec = (System.nanoTime() - s) / 1e9;
    System.out.printf(
        Locale.ROOT, "embedded %d texts in %.1f s (%.0f texts/s)%n", v.length, sec, v.length / sec);
    try (DataOutputStream out =
        new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(v.length);
      out.writeInt(v[0].length);
      for (float[] row : v) {
        for (float x : row) {
          out.writeFloat(x);
        }
      }
    }
    return v;
  }
}
