package org.transfer4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Locale;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.bert.BertModel;

/**
 * Forward speed of a BERT encoder with random weights (default BERT-base, sequence 128): batch-1
 * latency and tokens per second, in inference mode (no gradient recording), after warm-up.
 *
 * <pre>
 * bench/bert-forward.sh --threads 2 --preset base --seq 128
 * </pre>
 *
 * The reference is PyTorch from Python on the same 2-core machines: 145 ms (OpenBLAS) / 187 ms
 * (MKL) for {@code BertModel} at batch 1 x 128.
 */
public final class BertForwardBench {
  private BertForwardBench() {}

  public static void main(String[] args) {
    int threads = 2;
    String preset = "base";
    int seq = 128;
    int warmup = 5;
    int iterations = 20;
    int[] batches = {1, 8};
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--preset" -> preset = args[++i];
        case "--seq" -> seq = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--batches" ->
            batches = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        default -> {
          System.err.println(
              "usage: BertForwardBench [--threads N] [--preset tiny|mini|small|medium|base]"
                  + " [--seq N] [--warmup N] [--iterations N] [--batches 1,8]");
          System.exit(2);
        }
      }
    }
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(threads));
    BertConfig config = BertConfig.preset(preset);
    try (NDManager manager = NDManager.newBaseManager()) {
      BertModel model = HfModels.create(config, BertModel.class, manager);
      model.train(false);
      System.out.printf(
          Locale.ROOT,
          "load average at start: %.2f on %d cores%n",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          Runtime.getRuntime().availableProcessors());
      System.out.printf(
          Locale.ROOT,
          "BERT-%s (L=%d, H=%d, %,d parameters), seq %d, threads %d, inference mode%n",
          preset,
          config.numHiddenLayers(),
          config.hiddenSize(),
          model.parameterCount(),
          seq,
          Bootstrap.engineThreads());
      for (int batch : batches) {
        double[][] r = run(model, manager, batch, seq, config.vocabSize(), warmup, iterations);
        double[] ms = r[0];
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        double mean = Arrays.stream(ms).average().orElse(Double.NaN);
        double[] cpu = r[1].clone();
        Arrays.sort(cpu);
        double cpuMedian = cpu[cpu.length / 2];
        System.out.printf(
            Locale.ROOT,
            "batch %2d x %d: median %.1f ms, mean %.1f ms, min %.1f ms, %.0f tokens/s (median);"
                + " process CPU %.1f ms per forward (median)%n",
            batch,
            seq,
            median,
            mean,
            sorted[0],
            batch * seq / (median / 1000.0),
            cpuMedian);
      }
    }
  }

  /** Wall-clock and process CPU milliseconds of each measured forward. */
  static double[][] run(
      BertModel model, NDManager manager, int batch, int seq, int vocab, int warmup, int n) {
    long[] ids = new long[batch * seq];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 1000 + (i * 7919L) % (vocab - 1000);
    }
    double[] times = new double[n];
    double[] cpu = new double[n];
    var os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    for (int i = -warmup; i < n; i++) {
      try (NDManager step = manager.newSubManager()) {
        NDArray input = step.create(ids, new Shape(batch, seq));
        NDArray mask = step.ones(new Shape(batch, seq), DataType.INT64);
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        NDArray out = model.forward(new ModelInput(input, mask, null), OutputOptions.NONE).hidden();
        out.toFloatArray(); // forces completion and copies the result out, as a caller would
        long t1 = System.nanoTime();
        long c1 = os.getProcessCpuTime();
        if (i >= 0) {
          times[i] = (t1 - t0) / 1e6;
          cpu[i] = (c1 - c0) / 1e6;
        }
      }
    }
    return new double[][] {times, cpu};
  }
}
