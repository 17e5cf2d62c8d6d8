package org.transfer4j.bench;

import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.engine.OnnxSession;
import org.transfer4j.engine.OnnxSessionOptions;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.bert.BertModel;
import org.transfer4j.model.onnx.OnnxExport;

/**
 * BERT forward on both engines in one JVM (not a test): a BERT-base-size encoder with random
 * weights, exported to ONNX, then per batch size alternating rounds of PyTorch ({@link
 * BertForwardBench#run}) and ONNX Runtime forwards of {@code (batch, seq)} tokens; medians,
 * tokens/s and the ONNX/PyTorch ratio.
 *
 * <pre>
 * bench/onnx-forward.sh --threads 2 --preset base --seq 128 --batches 1,32 --rounds 4
 * </pre>
 */
public final class OnnxForwardBench {
  private OnnxForwardBench() {}

  public static void main(String[] args) throws Exception {
    int threads = 2;
    String preset = "base";
    int seq = 128;
    int iterations = 5;
    int rounds = 4;
    int[] batches = {1, 32};
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--preset" -> preset = args[++i];
        case "--seq" -> seq = Integer.parseInt(args[++i]);
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--batches" ->
            batches = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        default -> {
          System.err.println(
              "usage: OnnxForwardBench [--threads N] [--preset base] [--seq N] [--iterations N]"
                  + " [--rounds N] [--batches 1,32]");
          System.exit(2);
        }
      }
    }
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(threads));
    BertConfig config = BertConfig.preset(preset);
    Path dir = Files.createTempDirectory("onnx-forward-bench");
    Path file = dir.resolve("model.onnx");
    var os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    try (NDManager manager = NDManager.newBaseManager()) {
      BertModel model = HfModels.create(config, BertModel.class, manager);
      model.train(false);
      long t0 = System.nanoTime();
      OnnxExport.write(model, file, OnnxExport.DEFAULT_OPSET);
      System.out.printf(
          Locale.ROOT,
          "BERT-%s (L=%d, H=%d, %,d parameters), seq %d, %d threads each; export %.1f s, %.0f MB;"
              + " load average %.2f on %d cores%n",
          preset,
          config.numHiddenLayers(),
          config.hiddenSize(),
          model.parameterCount(),
          seq,
          threads,
          (System.nanoTime() - t0) / 1e9,
          Files.size(file) / 1e6,
          os.getSystemLoadAverage(),
          Runtime.getRuntime().availableProcessors());
      try (OnnxSession s =
          OnnxSession.open(file, OnnxSessionOptions.defaults().withThreads(threads))) {
        for (int batch : batches) {
          double[] torch = new double[rounds * iterations];
          double[] onnx = new double[rounds * iterations];
          onnxRun(s, batch, seq, config.vocabSize(), 2); // warm-up: arena, kernels
          BertForwardBench.run(model, manager, batch, seq, config.vocabSize(), 2, 0);
          for (int r = 0; r < rounds; r++) {
            boolean torchFirst = r % 2 == 0;
            for (int side = 0; side < 2; side++) {
              double[] ms =
                  (side == 0) == torchFirst
                      ? BertForwardBench.run(
                          model, manager, batch, seq, config.vocabSize(), 0, iterations)[0]
                      : onnxRun(s, batch, seq, config.vocabSize(), iterations);
              System.arraycopy(
                  ms, 0, (side == 0) == torchFirst ? torch : onnx, r * iterations, iterations);
            }
            System.out.printf(
                Locale.ROOT,
                "  batch %d round %d (%s first): torch median %.1f ms, onnx median %.1f ms, load"
                    + " %.1f%n",
                batch,
                r + 1,
                torchFirst ? "torch" : "onnx",
                median(Arrays.copyOfRange(torch, r * iterations, (r + 1) * iterations)),
                median(Arrays.copyOfRange(onnx, r * iterations, (r + 1) * iterations)),
                os.getSystemLoadAverage());
          }
          double t = median(torch);
          double o = median(onnx);
          System.out.printf(
              Locale.ROOT,
              "batch %2d x %d: torch median %.1f ms (min %.1f, %.0f tokens/s), onnx median %.1f"
                  + " ms (min %.1f, %.0f tokens/s); onnx/torch speed %.2fx%n",
              batch,
              seq,
              t,
              Arrays.stream(torch).min().orElse(0),
              batch * seq / (t / 1000),
              o,
              Arrays.stream(onnx).min().orElse(0),
              batch * seq / (o / 1000),
              t / o);
        }
      }
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  /** Milliseconds of each ONNX Runtime forward, inputs copied in and the output copied out. */
  static double[] onnxRun(OnnxSession s, int batch, int seq, int vocab, int n) {
    long[] ids = new long[batch * seq];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 1000 + (i * 7919L) % (vocab - 1000);
    }
    long[] mask = new long[ids.length];
    Arrays.fill(mask, 1);
    long[] types = new long[ids.length];
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      Map<String, OnnxTensor> in = new LinkedHashMap<>();
      in.put("input_ids", s.longs(ids, batch, seq));
      in.put("attention_mask", s.longs(mask, batch, seq));
      in.put("token_type_ids", s.longs(types, batch, seq));
      try (OnnxSession.Outputs out = s.run(in)) {
        out.floats("last_hidden_state"); // copied out, as a caller would
      }
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    return ms;
  }

  static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
