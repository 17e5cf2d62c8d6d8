package org.transfer4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.transfer4j.data.ClassificationReader;
import org.transfer4j.data.EncodedExample;
import org.transfer4j.data.TextExample;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.engine.InferenceOptions;
import org.transfer4j.task.ClassificationTask;
import org.transfer4j.task.TaskModel;

/**
 * Classification prediction on both engines (not a test): a fine-tuned folder's head over the same
 * encoded texts, PyTorch and ONNX Runtime in alternating rounds in one JVM; texts/s, the ratio and
 * how many predicted labels the engines share.
 *
 * <pre>
 * bench/onnx-predict.sh --model /tmp/clf --input banking77/train.csv --texts 10000 --rounds 3
 * </pre>
 */
public final class OnnxPredictBench {
  private OnnxPredictBench() {}

  public static void main(String[] args) throws Exception {
    Path model = null;
    Path input = null;
    int texts = 10_000;
    int threads = 2;
    int rounds = 3;
    int batchSize = 64;
    boolean torchStarts = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--model" -> model = Path.of(args[++i]);
        case "--input" -> input = Path.of(args[++i]);
        case "--texts" -> texts = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
        case "--first" -> torchStarts = args[++i].equals("torch");
        default -> {
          System.err.println(
              "usage: OnnxPredictBench --model DIR --input FILE [--texts N] [--threads N]"
                  + " [--rounds N] [--batch-size N] [--first onnx|torch]");
          System.exit(2);
        }
      }
    }
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(threads));
    var os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long t0 = System.nanoTime();
    try (TaskModel onnx = TaskModel.load(model, InferenceOptions.parse("onnx", threads));
        TaskModel torch = TaskModel.load(model, InferenceOptions.parse("torch", threads))) {
      double load = (System.nanoTime() - t0) / 1e9;
      List<TextExample> all = ClassificationReader.read(input, onnx.info().columns());
      List<TextExample> some = new ArrayList<>(all.subList(0, Math.min(texts, all.size())));
      List<EncodedExample> examples = ClassificationTask.encode(onnx, some);
      System.out.printf(
          Locale.ROOT,
          "%s (%s), %,d texts of %s, batch %d, %d threads each, both loaded in %.1f s; load"
              + " average %.2f%n",
          model,
          onnx.architecture(),
          examples.size(),
          input,
          batchSize,
          threads,
          load,
          os.getSystemLoadAverage());
      double[] tOnnx = new double[rounds];
      double[] tTorch = new double[rounds];
      // Process CPU seconds (native threads included): on a loaded machine they move far less than
      // wall time.
      double[] cOnnx = new double[rounds];
      double[] cTorch = new double[rounds];
      float[][] a = null;
      float[][] b = null;
      for (int r = 0; r < rounds; r++) {
        boolean onnxFirst = (r % 2 == 0) != torchStarts;
        for (int side = 0; side < 2; side++) {
          boolean runOnnx = (side == 0) == onnxFirst;
          long s = System.nanoTime();
          long c = os.getProcessCpuTime();
          if (runOnnx) {
            a = onnx.outputs(examples, batchSize);
            tOnnx[r] = (System.nanoTime() - s) / 1e9;
            cOnnx[r] = (os.getProcessCpuTime() - c) / 1e9;
          } else {
            b = torch.outputs(examples, batchSize);
            tTorch[r] = (System.nanoTime() - s) / 1e9;
            cTorch[r] = (os.getProcessCpuTime() - c) / 1e9;
          }
        }
        System.out.printf(
            Locale.ROOT,
            "round %d (%s first): onnx %.1f s = %.1f texts/s (CPU %.1f s), torch %.1f s = %.1f"
                + " texts/s (CPU %.1f s), load %.1f%n",
            r + 1,
            onnxFirst ? "onnx" : "torch",
            tOnnx[r],
            examples.size() / tOnnx[r],
            cOnnx[r],
            tTorch[r],
            examples.size() / tTorch[r],
            cTorch[r],
            os.getSystemLoadAverage());
      }
      double o = OnnxForwardBench.median(tOnnx);
      double t = OnnxForwardBench.median(tTorch);
      int same = 0;
      double worst = 0;
      for (int i = 0; i < a.length; i++) {
        same += argmax(a[i]) == argmax(b[i]) ? 1 : 0;
        for (int k = 0; k < a[i].length; k++) {
          worst = Math.max(worst, Math.abs(a[i][k] - b[i][k]));
        }
      }
      System.out.printf(
          Locale.ROOT,
          "median of %d: onnx %.1f texts/s, torch %.1f texts/s, onnx/torch %.2fx; same label"
              + " %d/%d, max |logit diff| %.2e%n",
          rounds,
          examples.size() / o,
          examples.size() / t,
          t / o,
          same,
          a.length,
          worst);
    }
  }

  private static int argmax(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best]) {
        best = i;
      }
    }
    return best;
  }
}
