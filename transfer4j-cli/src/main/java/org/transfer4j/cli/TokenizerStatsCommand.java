package org.transfer4j.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transfer4j.tokenize.Encoding;
import org.transfer4j.tokenize.Tokenizer;
import org.transfer4j.tokenize.train.Progress;
import org.transfer4j.tokenize.train.TextFiles;
import org.transfer4j.tokenize.word.LengthStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code transfer4j tokenizer stats}: how a tokenizer cuts a corpus, to choose the maximum sequence
 * length and to see how many words it cannot represent.
 */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = {
      "Token count, unknown-token rate and sequence-length percentiles of a tokenizer over text"
          + " files (one text per line), folders, or a CSV column.",
      "Lengths include the special tokens the tokenizer adds ([CLS] ... [SEP]) unless"
          + " --no-special-tokens."
    })
final class TokenizerStatsCommand implements Callable<Integer> {
  private static final int BATCH = 1024;

  @Mixin EngineOptions engineOptions;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-t", "--tokenizer"},
      paramLabel = "PATH",
      description =
          "tokenizer.json, or a folder with it (or vocab.txt, or vocab.json + merges.txt).")
  Path tokenizerPath;

  @Option(
      names = "--word",
      paramLabel = "whitespace|wordpunct",
      description =
          "Measure words instead of a tokenizer's tokens (for word-vector models): a word"
              + " vocabulary (--min-frequency, --max-size), its unknown rate, lengths with a"
              + " histogram and the 95th-percentile length choice.")
  String word;

  @Option(names = "--lowercase", description = "With --word: lowercase the texts first.")
  boolean lowercase;

  @Option(
      names = "--min-frequency",
      paramLabel = "N",
      description = "With --word: occurrences a word needs (default: ${DEFAULT-VALUE}).")
  int minFrequency = 2;

  @Option(
      names = "--max-size",
      paramLabel = "N",
      description =
          "With --word: vocabulary size, <pad> and <unk> included (default: ${DEFAULT-VALUE}).")
  int maxSize = 20_000;

  @Option(
      names = "--column",
      paramLabel = "NAME",
      description = "Read the inputs as CSV files with a header and use this column.")
  String column;

  @Option(
      names = "--special-tokens",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Count the special tokens the tokenizer adds (default: on).")
  boolean specialTokens;

  @Option(
      names = "--max-lengths",
      split = ",",
      paramLabel = "N",
      defaultValue = "64,128,256,512",
      description = "Report the share of texts longer than each length; default: ${DEFAULT-VALUE}.")
  int[] maxLengths;

  @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Text files or folders.")
  List<Path> inputs;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (word != null) {
      if (tokenizerPath != null) {
        throw new org.transfer4j.BadInputException(
            "give --tokenizer PATH or --word KIND, not both");
      }
      WordStats.print(
          out,
          TextFiles.expand(inputs),
          column,
          VectorsCoverageCommand.wordTokenizer(word),
          word,
          lowercase,
          minFrequency,
          maxSize);
      return 0;
    }
    if (tokenizerPath == null) {
      throw new org.transfer4j.BadInputException(
          "give --tokenizer PATH, or --word whitespace|wordpunct for word statistics");
    }
    Tokenizer tokenizer = Tokenizer.load(tokenizerPath);
    int unkId = unknownId(tokenizer);
    List<Path> files = TextFiles.expand(inputs);
    int[][] lengths = {new int[1024]};
    int[] texts = {0};
    long[] unknown = {0};
    List<String> batch = new ArrayList<>(BATCH);
    Runnable flush =
        () -> {
          for (Encoding e : encode(tokenizer, batch)) {
            if (texts[0] == lengths[0].length) {
              lengths[0] = Arrays.copyOf(lengths[0], texts[0] * 2);
            }
            lengths[0][texts[0]++] = e.ids().length;
            if (unkId >= 0) {
              for (int id : e.ids()) {
                if (id == unkId) {
                  unknown[0]++;
                }
              }
            }
          }
          batch.clear();
        };
    TextFiles.forEach(
        files,
        column,
        text -> {
          batch.add(text);
          if (batch.size() == BATCH) {
            flush.run();
          }
        },
        Progress.none());
    flush.run();
    if (texts[0] == 0) {
      throw new org.transfer4j.BadInputException("no texts in " + inputs + "; nothing to measure");
    }
    LengthStats s = LengthStats.of(Arrays.copyOf(lengths[0], texts[0]));
    out.printf(
        Locale.ROOT, "tokenizer:       %s (%d tokens)%n", tokenizerPath, tokenizer.vocabSize());
    out.printf(Locale.ROOT, "texts:           %d%n", s.texts());
    out.printf(
        Locale.ROOT,
        "tokens:          %d (%s special tokens)%n",
        s.tokens(),
        specialTokens ? "with" : "without");
    if (unkId >= 0) {
      out.printf(
          Locale.ROOT,
          "unknown:         %d (%.3f%% of tokens are %s)%n",
          unknown[0],
          s.tokens() == 0 ? 0.0 : 100.0 * unknown[0] / s.tokens(),
          tokenizer.idToToken(unkId));
    } else {
      out.println("unknown:         0 (the model has no unknown token)");
    }
    out.println("length:          " + s.lengthLine());
    int[] sorted = Arrays.copyOf(lengths[0], texts[0]);
    Arrays.sort(sorted);
    for (int max : maxLengths) {
      int over = sorted.length - upperBound(sorted, max);
      out.printf(
          Locale.ROOT,
          "longer than %-4d %d texts (%.2f%%)%n",
          max,
          over,
          100.0 * over / sorted.length);
    }
    return 0;
  }

  private List<Encoding> encode(Tokenizer t, List<String> batch) {
    if (specialTokens) {
      return t.encodeBatch(batch);
    }
    List<Encoding> r = new ArrayList<>(batch.size());
    for (String s : batch) {
      r.add(t.encode(s, null, false));
    }
    return r;
  }

  /** Index of the first element greater than {@code x}. */
  private static int upperBound(int[] sorted, int x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The model's unknown token ({@code unk_token} of its Hugging Face JSON), or -1. */
  static int unknownId(Tokenizer t) {
    JsonObject model = t.model().toJson();
    JsonElement unk = model.get("unk_token");
    if (unk == null || unk.isJsonNull()) {
      return -1;
    }
    return t.tokenToId(unk.getAsString());
  }
}
