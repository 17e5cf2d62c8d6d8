package org.transfer4j.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.transfer4j.tokenize.Encoding;
import org.transfer4j.tokenize.Tokenizer;

/**
 * Encode throughput of transfer4j's tokenizers against the Hugging Face tokenizers library (Rust,
 * through DJL) on the same texts, one thread and all threads, for BERT WordPiece and GPT-2 BPE.
 * Checks first that both produce identical ids. Run with {@code bench/run-tokenizers.sh}.
 *
 * <p>Usage: {@code TokenizerBench SHARED_DIR [repeat=20] [rounds=5]}
 */
public final class TokenizerBench {
  private TokenizerBench() {}

  public static void main(String[] args) throws Exception {
    Path shared = Path.of(args.length > 0 ? args[0] : "../shared");
    int repeat = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    List<String> base = banking77(shared.resolve("data/banking77"));
    base.addAll(generated(5000, 42));
    List<String> texts = new ArrayList<>(base.size() * repeat);
    for (int r = 0; r < repeat; r++) {
      texts.addAll(base);
    }
    long bytes = 0;
    for (String t : texts) {
      bytes += t.getBytes(StandardCharsets.UTF_8).length;
    }
    System.out.printf(
        "texts: %d (BANKING77 + %d generated, x%d), %.1f MB UTF-8, threads: %d%n",
        texts.size(), 5000, repeat, bytes / 1e6, Runtime.getRuntime().availableProcessors());
    for (String name : List.of("bert-base-uncased", "gpt2")) {
      Tokenizer ours = Tokenizer.load(shared.resolve("data/tokenizers/" + name));
      Path tmp = Files.createTempDirectory("tokbench");
      ours.save(tmp);
      try (HuggingFaceTokenizer hf =
          HuggingFaceTokenizer.newInstance(
              tmp.resolve("tokenizer.json"), Map.of("truncation", "false", "padding", "false"))) {
        run(name, ours, hf, texts, bytes, rounds);
      }
    }
  }

  private static void run(
      String name,
      Tokenizer ours,
      HuggingFaceTokenizer hf,
      List<String> texts,
      long bytes,
      int rounds) {
    // Identical output first (on the distinct texts).
    long tokens = 0;
    int distinct = texts.size() / Math.max(1, texts.size() / 18083);
    for (int i = 0; i < Math.min(distinct, texts.size()); i++) {
      long[] theirs = hf.encode(texts.get(i)).getIds();
      int[] mine = ours.encode(texts.get(i)).ids();
      if (!Arrays.equals(theirs, Arrays.stream(mine).asLongStream().toArray())) {
        throw new IllegalStateException(
            name + ": outputs differ on text " + i + ": " + texts.get(i));
      }
    }
    for (String t : texts) {
      tokens += ours.encode(t).length();
    }
    double oursOne =
        best(
            rounds,
            () -> {
              long n = 0;
              for (String t : texts) {
                n += ours.encode(t).ids().length;
              }
              return n;
            });
    double hfOne =
        best(
            rounds,
            () -> {
              long n = 0;
              for (String t : texts) {
                n += hf.encode(t).getIds().length;
              }
              return n;
            });
    double oursAll =
        best(
            rounds,
            () -> {
              long n = 0;
              for (Encoding e : ours.encodeBatch(texts)) {
                n += e.ids().length;
              }
              return n;
            });
    double hfAll =
        best(
            rounds,
            () -> {
              long n = 0;
              for (int s = 0; s < texts.size(); s += 4096) {
                for (var e : hf.batchEncode(texts.subList(s, Math.min(texts.size(), s + 4096)))) {
                  n += e.getIds().length;
                }
              }
              return n;
            });
    report(name, "1 thread", tokens, bytes, oursOne, hfOne);
    report(name, "all threads", tokens, bytes, oursAll, hfAll);
  }

  private static void report(
      String name, String mode, long tokens, long bytes, double ours, double hf) {
    System.out.printf(
        "%-18s %-11s transfer4j %8.2f Mtok/s %7.1f MB/s | HF tokenizers %8.2f Mtok/s %7.1f MB/s | ratio %.2fx%n",
        name,
        mode,
        tokens / ours / 1e6,
        bytes / ours / 1e6,
        tokens / hf / 1e6,
        bytes / hf / 1e6,
        hf / ours);
  }

  interface Work {
    long run();
  }

  /** Best wall time in seconds over {@code rounds} runs, after one warm-up run. */
  private static double best(int rounds, Work w) {
    long sink = w.run();
    double best = Double.MAX_VALUE;
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      sink += w.run();
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    if (sink == 42) {
      System.out.print("");
    }
    return best;
  }

  static List<String> banking77(Path dir) throws IOException {
    List<String> texts = new ArrayList<>();
    for (String f : List.of("train.csv", "test.csv")) {
      try (Reader r = Files.newBufferedReader(dir.resolve(f))) {
        for (CSVRecord rec :
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
          texts.add(rec.get("text"));
        }
      }
    }
    return texts;
  }

  /** Sentences of mixed English words, numbers, punctuation, accents and some CJK and emoji. */
  static List<String> generated(int n, long seed) {
    String[] words = {
      "the",
      "card",
      "Transfer",
      "money",
      "didn't",
      "arrive",
      "yet",
      "why",
      "is",
      "my",
      "account",
      "blocked",
      "café",
      "naïve",
      "€100",
      "3.5%",
      "URL:",
      "https://bank.example/help?id=42",
      "日本",
      "😀",
      "PIN",
      "top-up",
      "exchange",
      "rate",
      "Überweisung",
      "l'argent",
      "(pending)",
      "ATM",
      "!"
    };
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      StringBuilder sb = new StringBuilder();
      int len = 4 + rnd.nextInt(30);
      for (int k = 0; k < len; k++) {
        if (k > 0) {
          sb.append(' ');
        }
        sb.append(
            rnd.nextInt(8) == 0
                ? Integer.toString(rnd.nextInt(100000))
                : words[rnd.nextInt(words.length)]);
      }
      out.add(sb.toString());
    }
    return out;
  }
}
