package org.transfer4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.transfer4j.data.MaskedLm;
import org.transfer4j.data.MlmCollator;
import org.transfer4j.data.MlmOptions;
import org.transfer4j.data.PretrainingBatch;
import org.transfer4j.data.SpecialTokens;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.EncoderOutput;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.ModelInput;
import org.transfer4j.model.OutputOptions;
import org.transfer4j.model.bert.BertConfig;
import org.transfer4j.model.bert.BertForPreTraining;
import org.transfer4j.pretrain.PretrainingLoss;
import org.transfer4j.pretrain.PretrainingObjective;
import org.transfer4j.train.BatchSource;
import org.transfer4j.train.StepFunction;
import org.transfer4j.train.StepResult;
import org.transfer4j.train.Trainer;
import org.transfer4j.train.TrainerConfig;

/**
 * Pretraining speed (not a test): tokens per second of the whole training step (forward, backward,
 * global-norm clipping, AdamW) of {@code BertForPreTraining} through the {@link Trainer}, on
 * synthetic batches (all positions real tokens, BERT masking at 15%), and the model-FLOPs
 * utilisation against a matrix product measured in the same run.
 *
 * <pre>
 * bench/pretrain.sh --threads 2 --preset mini --batch 32 --seq 128
 * </pre>
 *
 * Modes: {@code masked} (ours: MLM head only at the masked positions) and {@code full} (MLM logits
 * at every position, as Hugging Face's {@code BertForPreTraining}).
 */
public final class PretrainBench {
  private PretrainBench() {}

  public static void main(String[] args) throws IOException {
    int threads = 2;
    String preset = "mini";
    int batch = 32;
    int seq = 128;
    int warmup = 3;
    int steps = 10;
    List<String> modes = List.of("masked", "full");
    boolean profile = false;
    float dropout = -1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--preset" -> preset = args[++i];
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--seq" -> seq = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--steps" -> steps = Integer.parseInt(args[++i]);
        case "--modes" -> modes = List.of(args[++i].split(","));
        case "--profile" -> profile = true;
        case "--dropout" -> dropout = Float.parseFloat(args[++i]);
        default -> {
          System.err.println(
              "usage: PretrainBench [--threads N] [--preset tiny|mini|small|medium|base]"
                  + " [--batch N] [--seq N] [--warmup N] [--steps N] [--modes masked,full] [--dropout P] [--profile]");
          System.exit(2);
        }
      }
    }
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(threads));
    BertConfig config = BertConfig.preset(preset);
    if (dropout >= 0) {
      config = config.withDropout(dropout, dropout);
    }
    double peak = matmulGflops(1024, 10);
    System.out.printf(
        Locale.ROOT,
        "BERT-%s for pretraining (L=%d, H=%d, vocab %,d, dropout %.2f), batch %d x seq %d,"
            + " threads %d%n",
        preset,
        config.numHiddenLayers(),
        config.hiddenSize(),
        config.vocabSize(),
        config.hiddenDropoutProb(),
        batch,
        seq,
        Bootstrap.engineThreads());
    double cpuPeak = 2.0 * 1024 * 1024 * 1024 / (cpuSeconds[0] / Bootstrap.engineThreads()) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "matmul 1024x1024x1024: %.1f GFLOP/s wall-clock (peak reference); %.1f GFLOP/s from CPU"
            + " time / threads (uncontended estimate)%n",
        peak,
        cpuPeak);
    List<PretrainingBatch> batches = syntheticBatches(config.vocabSize(), batch, seq, 4);
    double maskedShare =
        batches.stream().mapToDouble(b -> b.maskedPositions().length).sum()
            / (batches.size() * (double) batch * seq);
    if (profile) {
      profile(config, batches, warmup, steps);
      return;
    }
    for (String mode : modes) {
      double[] r = run(config, batches, mode, warmup, steps);
      double seconds = r[0];
      double tokensPerSecond = (double) batch * seq / seconds;
      // Were the threads never preempted, a step would take its CPU time / threads.
      double cpuBound = (double) batch * seq / (r[1] / Bootstrap.engineThreads());
      double flopsPerToken =
          trainingFlopsPerToken(config, seq, mode.equals("full") ? 1.0 : maskedShare);
      double gflops = tokensPerSecond * flopsPerToken / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%-6s MLM head: %.0f ms/step, %,.0f tokens/s, %.1f GFLOP/s model FLOPs (%.1f MFLOP/token),"
              + " MFU %.0f%% of the measured matmul; CPU %.0f ms/step = %,.0f tokens/s if"
              + " uncontended, MFU %.0f%% by CPU time%n",
          mode,
          seconds * 1000,
          tokensPerSecond,
          gflops,
          flopsPerToken / 1e6,
          100 * gflops / peak,
          r[1] * 1000,
          cpuBound,
          100 * cpuBound * flopsPerToken / 1e9 / cpuPeak);
    }
  }

  /**
   * Matrix-product FLOPs of one training token: 3x the forward (backward = 2x forward), counting
   * the encoder's projections and attention products and the MLM head at {@code mlmShare} of the
   * positions; embeddings, LayerNorm, softmax and the optimizer are not counted (as in the MFU of
   * Chowdhery et al., 2022).
   */
  static double trainingFlopsPerToken(BertConfig c, int seq, double mlmShare) {
    double h = c.hiddenSize();
    double layer = 2 * (4 * h * h + 2 * h * c.intermediateSize()) + 2 * 2 * seq * h;
    double head = mlmShare * (2 * h * h + 2 * h * c.vocabSize());
    return 3 * (c.numHiddenLayers() * layer + head);
  }

  /**
   * Seconds per training step (wall-clock median over {@code steps}, after {@code warmup}) and the
   * mean process CPU seconds per step (all threads; robust to other jobs on a shared machine).
   */
  static double[] run(
      BertConfig config, List<PretrainingBatch> batches, String mode, int warmup, int steps)
      throws IOException {
    Path out = Files.createTempDirectory("pretrain-bench");
    try (NDManager manager = NDManager.newBaseManager()) {
      BertForPreTraining model = HfModels.create(config, BertForPreTraining.class, manager);
      PretrainingObjective objective = new PretrainingObjective(model, 0.5, 0.5);
      StepFunction<PretrainingBatch> step = mode.equals("full") ? fullLogits(model) : objective;
      long[] stamps = new long[warmup + steps + 1];
      long[] cpu = new long[warmup + steps + 1];
      int[] calls = {0};
      StepFunction<PretrainingBatch> timed =
          (b, m) -> {
            cpu[calls[0]] = processCpuNanos();
            stamps[calls[0]++] = System.nanoTime();
            return step.apply(b, m);
          };
      int total = warmup + steps + 1;
      BatchSource<PretrainingBatch> source =
          new BatchSource<>() {
            @Override
            public int batchesPerEpoch() {
              return total;
            }

            @Override
            public Iterator<PretrainingBatch> batches(long seed, int epoch, int start) {
              List<PretrainingBatch> l = new ArrayList<>();
              for (int i = start; i < total; i++) {
                l.add(batches.get(i % batches.size()));
              }
              return l.iterator();
            }
          };
      TrainerConfig tc =
          TrainerConfig.builder(out)
              .epochs(0)
              .maxSteps(total)
              .batchSize(batches.get(0).batchSize())
              .lr(1e-4)
              .logEvery(50)
              .plots(false)
              .build();
      try (Trainer<PretrainingBatch> trainer =
          Trainer.builder(model, timed, source, tc)
              .progress(new PrintStream(OutputStream.nullOutputStream()), false)
              .build()) {
        trainer.fit();
      }
      double[] dt = new double[steps];
      for (int i = 0; i < steps; i++) {
        dt[i] = (stamps[warmup + i + 1] - stamps[warmup + i]) / 1e9;
      }
      java.util.Arrays.sort(dt);
      double cpuPerStep = (cpu[warmup + steps] - cpu[warmup]) / 1e9 / steps;
      return new double[] {dt[steps / 2], cpuPerStep};
    } finally {
      deleteTree(out);
    }
  }

  /** Median milliseconds of the parts of a training step, outside the trainer. */
  static void profile(BertConfig config, List<PretrainingBatch> batches, int warmup, int steps) {
    try (NDManager manager = NDManager.newBaseManager()) {
      BertForPreTraining model = HfModels.create(config, BertForPreTraining.class, manager);
      model.train(true);
      PretrainingObjective objective = new PretrainingObjective(model, 0.5, 0.5);
      TrainerConfig tc = TrainerConfig.builder(Path.of(".")).build();
      org.transfer4j.train.Optimizer opt = tc.newOptimizer(model.namedParameters());
      String[] names = {"forward", "backward", "grads+clip", "adamw", "zero"};
      double[][] t = new double[names.length][steps];
      for (int i = -warmup; i < steps; i++) {
        long[] s = new long[names.length + 1];
        try (NDManager step = manager.newSubManager()) {
          s[0] = System.nanoTime();
          NDArray loss;
          try (ai.djl.training.GradientCollector gc = Bootstrap.engine().newGradientCollector()) {
            loss = objective.losses(batches.get((i + warmup) % batches.size()), step).loss();
            loss.getFloat();
            s[1] = System.nanoTime();
            gc.backward(loss);
          }
          java.util.Map<String, NDArray> grads = new java.util.LinkedHashMap<>();
          for (var e : model.namedParameters().entrySet()) {
            NDArray g = e.getValue().value().getGradient();
            g.attach(step);
            grads.put(e.getKey(), g);
          }
          s[2] = System.nanoTime();
          org.transfer4j.train.GradientClipping.clipGlobalNorm(grads.values(), 1.0, step);
          s[3] = System.nanoTime();
          opt.step(grads, 1e-4, step);
          s[4] = System.nanoTime();
          for (NDArray g : grads.values()) {
            g.subi(g);
          }
          s[5] = System.nanoTime();
        }
        if (i >= 0) {
          for (int k = 0; k < names.length; k++) {
            t[k][i] = (s[k + 1] - s[k]) / 1e6;
          }
        }
      }
      for (int k = 0; k < names.length; k++) {
        java.util.Arrays.sort(t[k]);
        System.out.printf(Locale.ROOT, "  %-11s %8.1f ms%n", names[k], t[k][steps / 2]);
      }
    }
  }

  /** Hugging Face's formulation: MLM logits at every position, -100 labels ignored. */
  static StepFunction<PretrainingBatch> fullLogits(BertForPreTraining model) {
    return (b, m) -> {
      Shape bs = new Shape(b.batchSize(), b.seqLen());
      ModelInput in =
          new ModelInput(
              m.create(b.inputIds(), bs),
              m.create(b.attentionMask(), bs),
              m.create(b.tokenTypeIds(), bs));
      EncoderOutput enc = model.bert().forward(in, OutputOptions.NONE);
      NDArray logits = model.cls().predictions().forward(enc.hidden());
      NDArray mlm = PretrainingLoss.maskedLmLossFull(logits, m.create(b.mlmLabels(), bs));
      NDArray sop =
          PretrainingLoss.crossEntropy(
              model.cls().seqRelationship().forward(enc.pooled()),
              m.create(b.sentenceOrderLabels()));
      return StepResult.of(mlm.mul(0.5f).add(sop.mul(0.5f)), b.batchSize());
    };
  }

  static List<PretrainingBatch> syntheticBatches(int vocab, int rows, int seq, int n) {
    SpecialTokens sp = SpecialTokens.bertBaseUncased();
    MlmCollator collator = new MlmCollator(sp, MlmOptions.defaults());
    SplittableRandom rng = new SplittableRandom(1);
    List<PretrainingBatch> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      long[] ids = new long[rows * seq];
      long[] types = new long[rows * seq];
      long[] mask = new long[rows * seq];
      long[] sop = new long[rows];
      for (int r = 0; r < rows; r++) {
        int half = 1 + (seq - 3) / 2;
        for (int t = 0; t < seq; t++) {
          int i = r * seq + t;
          mask[i] = 1;
          ids[i] =
              t == 0 ? sp.cls() : t == half || t == seq - 1 ? sp.sep() : rng.nextInt(1000, vocab);
          types[i] = t > half ? 1 : 0;
        }
        sop[r] = rng.nextInt(2);
      }
      MaskedLm m = collator.mask(ids, mask, rows, seq, k);
      out.add(
          new PretrainingBatch(
              rows,
              seq,
              m.inputIds(),
              types,
              mask,
              m.labels(),
              m.maskedPositions(),
              m.maskedLabels(),
              sop,
              new long[rows],
              0,
              k));
    }
    return out;
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** GFLOP/s of an n x n x n float32 matrix product (median of {@code reps}). */
  static final double[] cpuSeconds = new double[1];

  static double matmulGflops(int n, int reps) {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.randomNormal(new Shape(n, n), DataType.FLOAT32);
      NDArray b = m.randomNormal(new Shape(n, n), DataType.FLOAT32);
      double[] t = new double[reps];
      for (int i = -2; i < reps; i++) {
        try (NDManager s = m.newSubManager()) {
          NDArray x = a.duplicate();
          x.attach(s);
          long t0 = System.nanoTime();
          long c0 = processCpuNanos();
          NDArray c = x.matMul(b);
          c.getFloat(0, 0); // waits for the result
          long t1 = System.nanoTime();
          long c1 = processCpuNanos();
          if (i >= 0) {
            t[i] = (t1 - t0) / 1e9;
            cpuSeconds[0] += (c1 - c0) / 1e9 / reps;
          }
        }
      }
      java.util.Arrays.sort(t);
      return 2.0 * n * n * n / t[reps / 2] / 1e9;
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
