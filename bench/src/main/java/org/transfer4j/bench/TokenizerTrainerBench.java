package org.transfer4j.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.transfer4j.tokenize.BertOptions;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.tokenize.normalizer.BertNormalizer;
import org.transfer4j.tokenize.pretokenizer.BertPreTokenizer;
import org.transfer4j.tokenize.pretokenizer.ByteLevel;
import org.transfer4j.tokenize.train.BpeTrainer;
import org.transfer4j.tokenize.train.Corpus;
import org.transfer4j.tokenize.train.Progress;
import org.transfer4j.tokenize.train.TokenizerTrainer;
import org.transfer4j.tokenize.train.TrainerConfig;
import org.transfer4j.tokenize.train.WordPieceTrainer;

/**
 * Wall time of training tokenizers on the BANKING77 training texts (PolyAI, CC BY 4.0): the seed
 * use case (BERT WordPiece, vocab 30,000, lowercase, strip accents, min frequency 2, BERT special
 * tokens) and GPT-2 byte-level BPE. Reports the median of several runs after warm-up, split into
 * word counting (normalize + pre-tokenize, all cores) and merge learning.
 *
 * <pre>
 * mvn -B -o -DskipTests package
 * java -cp "bench/target/classes:bench/target/lib/*" org.transfer4j.bench.TokenizerTrainerBench \
 *     ../shared/data/banking77/train.csv 5
 * </pre>
 */
public final class TokenizerTrainerBench {
  private TokenizerTrainerBench() {}

  public static void main(String[] args) throws IOException {
    Path csv = Path.of(args.length > 0 ? args[0] : "../shared/data/banking77/train.csv");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int vocab = args.length > 2 ? Integer.parseInt(args[2]) : 30_000;
    Corpus corpus = Corpus.files(List.of(csv), "text");
    System.out.printf(
        Locale.ROOT,
        "BANKING77 %s, %d runs (median after 1 warm-up), %d cores, Java %s%n",
        csv,
        runs,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));

    var bert = new BertNormalizer(true, true, null, true);
    var bertPre = new BertPreTokenizer();
    measure(
        "wordpiece",
        runs,
        () -> corpus.countWords(TokenizerTrainer.splitter(bert, bertPre), Progress.none()),
        counts -> WordPieceTrainer.train(counts, TrainerConfig.wordPiece(vocab)).size());
    var byteLevel = new ByteLevel(false, true, true);
    measure(
        "byte-level bpe",
        runs,
        () -> corpus.countWords(TokenizerTrainer.splitter(null, byteLevel), Progress.none()),
        counts -> BpeTrainer.train(counts, TrainerConfig.byteLevelBpe(vocab)).vocab().size());

    // End to end as `transfer4j tokenizer train` runs it (count, train, build the tokenizer).
    long[] e2e = new long[runs + 1];
    int size = 0;
    for (int i = 0; i <= runs; i++) {
      long t0 = System.nanoTime();
      Tokenizer t =
          TokenizerTrainer.wordPiece(
              corpus, BertOptions.uncased(), TrainerConfig.wordPiece(vocab), Progress.none());
      e2e[i] = System.nanoTime() - t0;
      size = t.vocabSize();
    }
    System.out.printf(
        Locale.ROOT,
        "%-15s end to end %8.1f ms (vocab %d)%n",
        "wordpiece",
        median(Arrays.copyOfRange(e2e, 1, e2e.length)) / 1e6,
        size);
  }

  interface Count {
    Map<String, Long> run() throws IOException;
  }

  interface Train {
    int run(Map<String, Long> counts);
  }

  private static void measure(String name, int runs, Count count, Train train) throws IOException {
    List<Long> countNs = new ArrayList<>();
    List<Long> trainNs = new ArrayList<>();
    int size = 0;
    int words = 0;
    for (int i = 0; i <= runs; i++) {
      long t0 = System.nanoTime();
      Map<String, Long> counts = count.run();
      long t1 = System.nanoTime();
      size = train.run(counts);
      long t2 = System.nanoTime();
      words = counts.size();
      if (i > 0) {
        countNs.add(t1 - t0);
        trainNs.add(t2 - t1);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%-15s count words %8.1f ms, train %8.1f ms (%d distinct words, vocab %d)%n",
        name,
        median(countNs.stream().mapToLong(Long::longValue).toArray()) / 1e6,
        median(trainNs.stream().mapToLong(Long::longValue).toArray()) / 1e6,
        words,
        size);
  }

  private static double median(long[] xs) {
    long[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
  }
}
