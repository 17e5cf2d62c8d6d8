package org.transfer4j.bench;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.model.HfModels;
import org.transfer4j.model.gpt2.Gpt2Config;
import org.transfer4j.model.gpt2.Gpt2LMHeadModel;
import org.transfer4j.pretrain.CausalLmObjective;
import org.transfer4j.train.BatchSource;
import org.transfer4j.train.StepFunction;
import org.transfer4j.train.Trainer;
import org.transfer4j.train.TrainerConfig;

/**
 * Causal-LM training speed (not a test): tokens per second of the whole training step (forward,
 * backward, global-norm clipping at 1, AdamW) of {@code GPT2LMHeadModel} through the {@link
 * Trainer}, on random token blocks, for comparison with {@code bench/peer/torch_clm.py} (the same
 * model in plain PyTorch) run by {@code bench/clm-train.sh} in the same session.
 *
 * <pre>
 * bench/clm-train.sh --threads 2 --preset gpt2-mini --vocab 8000 --batch 16 --block 128
 * </pre>
 */
public final class ClmBench {
  private ClmBench() {}

  public static void main(String[] args) throws IOException {
    int threads = 2;
    String preset = "gpt2-mini";
    int vocab = 8000;
    int batch = 16;
    int block = 128;
    int warmup = 3;
    int steps = 10;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--preset" -> preset = args[++i];
        case "--vocab" -> vocab = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--block" -> block = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--steps" -> steps = Integer.parseInt(args[++i]);
        default -> {
          System.err.println(
              "usage: ClmBench [--threads N] [--preset gpt2-tiny|gpt2-mini] [--vocab N]"
                  + " [--batch N] [--block N] [--warmup N] [--steps N]");
          System.exit(2);
        }
      }
    }
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(threads));
    Gpt2Config p = Gpt2Config.preset(preset);
    // Dropout off: the peer has none, so both do the same arithmetic.
    Gpt2Config config = Gpt2Config.of(vocab, p.nPositions(), p.nEmbd(), p.nLayer(), p.nHead(), 0f);
    System.out.printf(
        Locale.ROOT,
        "GPT2LMHeadModel %s (L=%d, H=%d, A=%d, vocab %,d, dropout 0), batch %d x block %d,"
            + " threads %d, load average %.2f%n",
        preset,
        config.nLayer(),
        config.nEmbd(),
        config.nHead(),
        vocab,
        batch,
        block,
        Bootstrap.engineThreads(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    Random random = new Random(1);
    List<long[][]> batches = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      long[][] b = new long[batch][block];
      for (long[] row : b) {
        for (int i = 0; i < block; i++) {
          row[i] = random.nextInt(vocab);
        }
      }
      batches.add(b);
    }
    Path out = Files.createTempDirectory("clm-bench");
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2LMHeadModel model = HfModels.create(config, Gpt2LMHeadModel.class, manager);
      CausalLmObjective objective = new CausalLmObjective(model);
      int total = warmup + steps + 1;
      long[] stamps = new long[total];
      long[] cpu = new long[total];
      int[] calls = {0};
      StepFunction<long[][]> timed =
          (b, m) -> {
            cpu[calls[0]] = PretrainBench.processCpuNanos();
            stamps[calls[0]++] = System.nanoTime();
            return objective.apply(b, m);
          };
      BatchSource<long[][]> source =
          new BatchSource<>() {
            @Override
            public int batchesPerEpoch() {
              return total;
            }

            @Override
            public Iterator<long[][]> batches(long seed, int epoch, int start) {
              List<long[][]> l = new ArrayList<>();
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
              .batchSize(batch)
              .lr(5e-4)
              .clip(1.0)
              .logEvery(1000)
              .plots(false)
              .build();
      try (Trainer<long[][]> trainer =
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
      double median = dt[steps / 2];
      double cpuPerStep = (cpu[warmup + steps] - cpu[warmup]) / 1e9 / steps;
      System.out.printf(
          Locale.ROOT,
          "transfer4j: %.0f ms/step (median of %d), %,.0f tokens/s; process CPU %.0f ms/step%n",
          median * 1000,
          steps,
          batch * block / median,
          cpuPerStep * 1000);
    } finally {
      PretrainBench.deleteTree(out);
    }
  }
}
