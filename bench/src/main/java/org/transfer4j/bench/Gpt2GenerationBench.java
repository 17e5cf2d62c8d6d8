package org.transfer4j.bench;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.transfer4j.engine.Bootstrap;
import org.transfer4j.engine.OnnxSessionOptions;
import org.transfer4j.generate.GenerationConfig;
import org.transfer4j.generate.Generator;
import org.transfer4j.model.ConfigJson;
import org.transfer4j.model.gpt2.Gpt2Config;
import org.transfer4j.model.gpt2.Gpt2LMHeadModel;
import org.transfer4j.model.onnx.Gpt2OnnxLm;
import org.transfer4j.model.onnx.OnnxExport;

/**
 * Greedy decoding speed of a GPT-2-small-sized model (124M parameters, random weights) in inference
 * mode: tokens per second with the KV cache (and, for comparison, full recompute). The reference is
 * PyTorch's own GPT-2 driven from Python on the same 2-core machine (27.6 tokens/s, from the
 * issue). {@code --engine onnx} exports the same model to ONNX (with past keys and values) and
 * decodes on ONNX Runtime through the same {@link Generator}. {@code --batch N} also decodes N
 * different prompts one after the other and then as one batch (what the server does with concurrent
 * greedy requests), alternating, and prints the total tokens per second of each.
 *
 * <pre>
 * bench/gpt2-generate.sh --threads 2 --prompt 16 --new 64 --runs 3 [--no-cache-too] [--engine onnx]
 *     [--batch 8]
 * bench/gpt2-generate.sh --save DIR --tokenizer ../shared/data/tokenizers/gpt2   # a folder to serve
 * </pre>
 */
public final class Gpt2GenerationBench {
  private Gpt2GenerationBench() {}

  public static void main(String[] args) {
    int threads = 2;
    int promptLength = 16;
    int newTokens = 64;
    int runs = 3;
    boolean alsoNoCache = false;
    String engine = "torch";
    int embd = 768;
    int vocab = 50257;
    int batch = 0;
    Path save = null;
    Path tokenizer = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--prompt" -> promptLength = Integer.parseInt(args[++i]);
        case "--new" -> newTokens = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--no-cache-too" -> alsoNoCache = true;
        case "--engine" -> engine = args[++i];
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        // Writes the random model as a Hugging Face folder with this tokenizer (for the serving
        // load test) and exits.
        case "--save" -> save = Path.of(args[++i]);
        case "--tokenizer" -> tokenizer = Path.of(args[++i]);
        // Tiny widths keep GPT-2 small's 12 layers, 12 heads and so its count of operations per
        // token: the time per token is then the per-operation overhead (JNI, dispatch).
        case "--embd" -> embd = Integer.parseInt(args[++i]);
        case "--vocab" -> vocab = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Bootstrap.init(Bootstrap.Options.defaults().withThreads(threads).withSeed(1));
    try (NDManager manager = NDManager.newBaseManager()) {
      Gpt2Config small = Gpt2Config.small();
      Gpt2Config config =
          embd == small.nEmbd() && vocab == small.vocabSize()
              ? small
              : Gpt2Config.of(vocab, small.nPositions(), embd, small.nLayer(), small.nHead(), 0f);
      Gpt2LMHeadModel model = new Gpt2LMHeadModel(manager, config);
      model.train(false);
      if (save != null) {
        org.transfer4j.model.HfModels.save(model, save);
        if (tokenizer != null) {
          org.transfer4j.tokenize.Tokenizer.load(tokenizer).save(save);
        }
        System.out.println("saved " + save);
        return;
      }
      long parameters = model.parameterCount();
      Gpt2OnnxLm onnx = engine.equals("onnx") ? exported(model, threads) : null;
      if (onnx != null) {
        manager.close(); // the PyTorch weights are not needed any more
      } else if (!engine.equals("torch")) {
        throw new IllegalArgumentException("--engine must be torch or onnx, got " + engine);
      }
      Generator generator = new Generator(onnx != null ? onnx : model);
      long[][] prompt = new long[1][promptLength];
      Random random = new Random(3);
      for (int i = 0; i < promptLength; i++) {
        prompt[0][i] = random.nextInt(config.vocabSize());
      }
      System.out.printf(
          Locale.ROOT,
          "GPT-2 small (width %d, vocabulary %d, %,d parameters, random weights), engine %s,"
              + " threads %d, prompt %d, new tokens %d%n",
          config.nEmbd(),
          config.vocabSize(),
          parameters,
          engine,
          threads,
          promptLength,
          newTokens);
      measure("greedy, KV cache", generator, prompt, GenerationConfig.greedy(newTokens), runs);
      if (alsoNoCache) {
        measure(
            "greedy, full recompute",
            generator,
            prompt,
            GenerationConfig.greedy(newTokens).withUseCache(false),
            Math.max(1, runs - 1));
      }
      if (batch > 1) {
        long[][] prompts = new long[batch][promptLength];
        for (long[] p : prompts) {
          for (int i = 0; i < promptLength; i++) {
            p[i] = random.nextInt(config.vocabSize());
          }
        }
        measureBatch(generator, prompts, GenerationConfig.greedy(newTokens), runs);
      }
      if (onnx != null) {
        onnx.close();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Exports {@code model} to a temporary folder and opens it on ONNX Runtime. */
  private static Gpt2OnnxLm exported(Gpt2LMHeadModel model, int threads)
      throws java.io.IOException {
    Path dir = Files.createTempDirectory("gpt2-onnx-bench");
    long t0 = System.nanoTime();
    OnnxExport.write(model, dir.resolve(OnnxExport.FILE), OnnxExport.DEFAULT_OPSET);
    ConfigJson.write(model.config().toJson(), dir.resolve(ConfigJson.FILE_NAME));
    long t1 = System.nanoTime();
    Gpt2OnnxLm lm = Gpt2OnnxLm.open(dir, OnnxSessionOptions.defaults().withThreads(threads));
    System.out.printf(
        Locale.ROOT,
        "exported to ONNX in %.1f s (%,d MB), session opened in %.1f s%n",
        (t1 - t0) / 1e9,
        Files.size(dir.resolve(OnnxExport.FILE)) >> 20,
        (System.nanoTime() - t1) / 1e9);
    // The session holds the weights now; the file is not read again.
    Files.delete(dir.resolve(OnnxExport.FILE));
    Files.delete(dir.resolve(ConfigJson.FILE_NAME));
    Files.delete(dir);
    return lm;
  }

  private static void measure(
      String label, Generator generator, long[][] prompt, GenerationConfig c, int runs) {
    generator.generate(prompt, c); // warm-up: allocator, code paths, JIT
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    double best = 0;
    double sum = 0;
    for (int r = 0; r < runs; r++) {
      double load = os.getSystemLoadAverage();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      long[][] out = generator.generate(prompt, c);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
      int produced = out[0].length - prompt[0].length;
      double rate = produced / seconds;
      best = Math.max(best, rate);
      sum += rate;
      // On a machine shared with other work the wall time depends on them; the CPU time this
      // process used per token does much less, so it is printed too.
      System.out.printf(
          Locale.ROOT,
          "  %-24s run %d: %d tokens in %.2f s = %.1f tokens/s (process CPU %.1f ms/token,"
              + " load average %.1f)%n",
          label,
          r + 1,
          produced,
          seconds,
          rate,
          1000 * cpuSeconds / produced,
          load);
    }
    System.out.printf(
        Locale.ROOT, "%-26s mean %.1f tokens/s, best %.1f tokens/s%n", label, sum / runs, best);
  }

  /** N prompts one at a time, then as one batch, {@code runs} times alternating. */
  private static void measureBatch(
      Generator generator, long[][] prompts, GenerationConfig c, int runs) {
    generator.generate(prompts, c); // warm-up of the batch shapes
    double[] alone = new double[runs];
    double[] together = new double[runs];
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      long produced = 0;
      for (long[] p : prompts) {
        produced += generator.generate(new long[][] {p}, c)[0].length - p.length;
      }
      alone[r] = produced / ((System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      long[][] out = generator.generate(prompts, c);
      produced = 0;
      for (int b = 0; b < out.length; b++) {
        produced += out[b].length - prompts[b].length;
      }
      together[r] = produced / ((System.nanoTime() - t0) / 1e9);
      System.out.printf(
          Locale.ROOT,
          "  %d prompts run %d: one at a time %.1f tokens/s, as one batch %.1f tokens/s (%.2fx)%n",
          prompts.length,
          r + 1,
          alone[r],
          together[r],
          together[r] / alone[r]);
    }
    java.util.Arrays.sort(alone);
    java.util.Arrays.sort(together);
    System.out.printf(
        Locale.ROOT,
        "%d prompts, median: one at a time %.1f tokens/s, as one batch %.1f tokens/s (%.2fx)%n",
        prompts.length,
        alone[runs / 2],
        together[runs / 2],
        together[runs / 2] / alone[runs / 2]);
  }
}
