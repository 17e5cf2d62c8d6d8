package org.transfer4j.tokenize.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.transfer4j.BadInputException;

/**
 * Learns byte-pair-encoding merges from word counts (Sennrich et al., 2016, "Neural Machine
 * Translation of Rare Words with Subword Units") with the semantics of Hugging Face's {@code
 * BpeTrainer}, so that the same counts and options give the same vocabulary:
 *
 * <ol>
 *   <li>special tokens first, ids 0, 1, ... in the given order;
 *   <li>the alphabet: every character of the corpus plus {@code initialAlphabet}; with {@code
 *       limitAlphabet} only the most frequent characters are kept (a removed character is dropped
 *       from the words); then added in code point order;
 *   <li>every word split into its characters, non-initial ones with the continuing-subword prefix
 *       (new {@code ##x} tokens are added as met, words visited in sorted order);
 *   <li>repeatedly the most frequent adjacent pair is merged, ties broken by the smaller pair of
 *       ids; a merged right part loses its prefix ({@code "a" + "##b" -> "ab"}). It stops at {@code
 *       vocabSize} tokens, when no pair is left, or when the best pair is seen fewer than {@code
 *       minFrequency} times.
 * </ol>
 *
 * <p>Where Hugging Face iterates hash maps (the ids of {@code ##x} tokens, which characters of
 * equal count {@code limitAlphabet} drops) its result varies from run to run; here words are
 * visited in sorted order and, among equal counts, the larger code point is dropped first.
 *
 * <pre>{@code
 * TrainedBpe bpe = BpeTrainer.train(Map.of("hug", 10L, "pug", 5L), TrainerConfig.bpe(30));
 * bpe.merges();  // [u g, h ug, p ug]
 * }</pre>
 */
public final class BpeTrainer {
  private BpeTrainer() {}

  /** Trains without a progress bar. */
  public static TrainedBpe train(Map<String, Long> wordCounts, TrainerConfig config) {
    return train(wordCounts, config, Progress.none());
  }

  /**
   * Trains on {@code wordCounts} (word to occurrences, as produced by {@link WordCounter}).
   *
   * @throws BadInputException when there are no words, or when {@code vocabSize} cannot even hold
   *     the special tokens and the alphabet
   */
  public static TrainedBpe train(
      Map<String, Long> wordCounts, TrainerConfig config, Progress progress) {
    return new Run(config, progress).train(wordCounts);
  }

  /** One training run: the growing vocabulary, the words as ids, the pair statistics. */
  private static final class Run {
    private final TrainerConfig config;
    private final Progress progress;
    private final List<String> idToWord = new ArrayList<>();
    private final Map<String, Integer> wordToId = new HashMap<>();
    private final Map<Long, long[]> pairCounts = new HashMap<>();
    private final long maxLength;
    private int[][] words;
    private int[][] lengths; // char lengths of the symbols; only with maxTokenLength
    private long[] counts;
    private Map<Long, Positions> where = new HashMap<>();

    Run(TrainerConfig config, Progress progress) {
      this.config = config;
      this.progress = progress;
      this.maxLength = config.maxTokenLength() == null ? Long.MAX_VALUE : config.maxTokenLength();
    }

    TrainedBpe train(Map<String, Long> wordCounts) {
      if (wordCounts.isEmpty()) {
        throw new BadInputException(
            "no words to train on: the corpus is empty after normalization and pre-tokenization;"
                + " give input files that contain text");
      }
      for (String s : config.specialTokens()) {
        add(s);
      }
      int specials = idToWord.size();
      addAlphabet(wordCounts);
      int alphabet = idToWord.size() - specials;
      tokenizeWords(wordCounts);
      int initial = idToWord.size();
      if (initial > config.vocabSize()) {
        throw new BadInputException(
            "vocab size "
                + config.vocabSize()
                + " is too small: the "
                + specials
                + " special tokens, the "
                + alphabet
                + "-character alphabet"
                + (initial > specials + alphabet
                    ? " and its " + (initial - specials - alphabet) + " continuing-subword pieces"
                    : "")
                + " already make "
                + initial
                + " tokens; use a vocab size of at least "
                + initial
                + (config.limitAlphabet() == null ? "" : " or a smaller alphabet limit"));
      }
      List<long[]> merges = computeMerges();
      return new TrainedBpe(idToWord, dedupe(merges));
    }

    private int add(String token) {
      Integer id = wordToId.get(token);
      if (id != null) {
        return id;
      }
      idToWord.add(token);
      wordToId.put(token, idToWord.size() - 1);
      return idToWord.size() - 1;
    }

    private void addAlphabet(Map<String, Long> wordCounts) {
      Map<Integer, Long> chars = new HashMap<>();
      wordCounts.forEach(
          (word, count) ->
              word.codePoints().forEach(c -> chars.merge(c, count, BpeTrainer::saturatingAdd)));
      for (int c : config.initialAlphabet()) {
        chars.put(c, Long.MAX_VALUE);
      }
      List<Map.Entry<Integer, Long>> kept = new ArrayList<>(chars.entrySet());
      Integer limit = config.limitAlphabet();
      if (limit != null && kept.size() > limit) {
        // Drop the rarest characters; among equal counts the larger code point.
        kept.sort(
            (x, y) ->
                !x.getValue().equals(y.getValue())
                    ? Long.compare(x.getValue(), y.getValue())
                    : Integer.compare(y.getKey(), x.getKey()));
        kept = kept.subList(kept.size() - limit, kept.size());
      }
      int[] cps = kept.stream().mapToInt(Map.Entry::getKey).sorted().toArray();
      for (int c : cps) {
        add(new String(Character.toChars(c)));
      }
    }

    private void tokenizeWords(Map<String, Long> wordCounts) {
      String[] keys = wordCounts.keySet().toArray(new String[0]);
      Arrays.sort(keys);
      progress.start("Tokenize words", keys.length);
      words = new int[keys.length][];
      lengths = config.maxTokenLength() == null ? null : new int[keys.length][];
      counts = new long[keys.length];
      String prefix = config.continuingSubwordPrefix();
      String suffix = config.endOfWordSuffix();
      for (int w = 0; w < keys.length; w++) {
        String word = keys[w];
        long count = wordCounts.get(word);
        if (count < 0) {
          throw new IllegalArgumentException(
              "negative count " + count + " for word '" + word + "'");
        }
        counts[w] = count;
        int[] symbols = new int[word.length()];
        int n = 0;
        for (int i = 0; i < word.length(); ) {
          int cp = word.codePointAt(i);
          String s = new String(Character.toChars(cp));
          int next = i + Character.charCount(cp);
          if (wordToId.containsKey(s)) {
            if (i > 0 && prefix != null) {
              s = prefix + s;
            }
            if (next == word.length() && suffix != null) {
              s = s + suffix;
            }
            symbols[n++] = add(s);
          }
          i = next;
        }
        words[w] = Arrays.copyOf(symbols, n);
        if ((w & 1023) == 1023 || w == keys.length - 1) {
          progress.advance((w & 1023) + 1);
        }
        if (lengths != null) {
          lengths[w] = new int[n];
          Arrays.fill(lengths[w], 1);
        }
      }
      progress.finish();
    }

    private List<long[]> computeMerges() {
      progress.start("Count pairs", words.length);
      for (int w = 0; w < words.length; w++) {
        int[] s = words[w];
        for (int i = 0; i + 1 < s.length; i++) {
          change(pair(s[i], s[i + 1]), 1, w);
        }
        if ((w & 1023) == 1023 || w == words.length - 1) {
          progress.advance((w & 1023) + 1);
        }
      }
      progress.finish();
      PriorityQueue<Entry> queue =
          new PriorityQueue<>(
              Math.max(1, where.size()),
              (x, y) ->
                  x.count != y.count
                      ? Long.compare(y.count, x.count)
                      : Long.compare(x.pair, y.pair));
      flushWhere(queue);

      progress.start("Compute merges", config.vocabSize());
      progress.advance(idToWord.size());
      List<long[]> merges = new ArrayList<>();
      String prefix = config.continuingSubwordPrefix();
      while (idToWord.size() < config.vocabSize() && !queue.isEmpty()) {
        Entry top = queue.poll();
        long current = pairCounts.get(key(top.pair))[0];
        if (top.count != current) {
          // Stale entry: its pair lost occurrences since it was queued; requeue at the true count.
          queue.add(new Entry(top.pair, current, top.positions));
          continue;
        }
        if (top.count < 1 || config.minFrequency() > top.count) {
          break;
        }
        int a = (int) (top.pair >>> 32);
        int b = (int) top.pair;
        String right = idToWord.get(b);
        if (prefix != null && right.startsWith(prefix)) {
          right = right.substring(prefix.length());
        }
        int before = idToWord.size();
        int merged = add(idToWord.get(a) + right);
        merges.add(new long[] {a, b});
        Positions pos = top.positions;
        for (int k = 0; k < pos.size; k++) {
          mergeWord(pos.items[k], a, b, merged);
        }
        flushWhere(queue);
        progress.advance(idToWord.size() - before);
      }
      progress.finish();
      return merges;
    }

    /** Replaces every non-overlapping {@code (a, b)} in word {@code w}, left to right. */
    private void mergeWord(int w, int a, int b, int merged) {
      int[] s = words[w];
      int[] len = lengths == null ? null : lengths[w];
      int n = s.length;
      for (int i = 0; i < n; i++) {
        if (s[i] != a || i + 1 >= n || s[i + 1] != b) {
          continue;
        }
        long newLen = len == null ? 0 : (long) len[i] + len[i + 1];
        if (i > 0) {
          change(pair(s[i - 1], a), -1, w);
          if (len == null || len[i - 1] + newLen < maxLength) {
            change(pair(s[i - 1], merged), 1, w);
          }
        }
        s[i] = merged;
        System.arraycopy(s, i + 2, s, i + 1, n - i - 2);
        if (len != null) {
          len[i] = (int) newLen;
          System.arraycopy(len, i + 2, len, i + 1, n - i - 2);
        }
        n--;
        if (i < n - 1) {
          change(pair(b, s[i + 1]), -1, w);
          if (len == null || len[i + 1] + newLen < maxLength) {
            change(pair(merged, s[i + 1]), 1, w);
          }
        }
      }
      if (n != s.length) {
        words[w] = Arrays.copyOf(s, n);
        if (len != null) {
          lengths[w] = Arrays.copyOf(len, n);
        }
      }
    }

    private void change(long pair, int delta, int w) {
      long k = key(pair);
      pairCounts.computeIfAbsent(k, x -> new long[1])[0] += delta * counts[w];
      if (delta > 0) {
        where.computeIfAbsent(k, x -> new Positions(pair)).addIfLast(w);
      }
    }

    /** Queues every pair that gained occurrences, with the words where it now occurs. */
    private void flushWhere(PriorityQueue<Entry> queue) {
      for (Map.Entry<Long, Positions> e : where.entrySet()) {
        long count = pairCounts.get(e.getKey())[0];
        if (count > 0) {
          queue.add(new Entry(e.getValue().pair, count, e.getValue()));
        }
      }
      where = new HashMap<>();
    }

    /**
     * A pair merged twice (its result was reached by another path, and the pair reappeared) keeps
     * its last rank, as Hugging Face's merge map does.
     */
    private List<TrainedBpe.Merge> dedupe(List<long[]> merges) {
      Map<Long, Integer> last = new HashMap<>();
      for (int i = 0; i < merges.size(); i++) {
        last.put(key(pair((int) merges.get(i)[0], (int) merges.get(i)[1])), i);
      }
      List<TrainedBpe.Merge> out = new ArrayList<>(last.size());
      for (int i = 0; i < merges.size(); i++) {
        long[] m = merges.get(i);
        if (last.get(key(pair((int) m[0], (int) m[1]))) == i) {
          out.add(new TrainedBpe.Merge(idToWord.get((int) m[0]), idToWord.get((int) m[1])));
        }
      }
      return out;
    }
  }

  /** Ordered so that comparing keys compares {@code (a, b)} lexicographically (ids are >= 0). */
  private static long pair(int a, int b) {
    return ((long) a << 32) | (b & 0xFFFFFFFFL);
  }

  /**
   * The hash-map key of a pair: a bijective mix, because {@code Long.hashCode} of {@code a << 32 |
   * b} is {@code a ^ b}, which collides for most small id pairs and turns map buckets into trees.
   */
  private static long key(long pair) {
    long x = pair * 0x9E3779B97F4A7C15L;
    return x ^ (x >>> 29);
  }

  private static long saturatingAdd(long x, long y) {
    long r = x + y;
    return r < 0 ? Long.MAX_VALUE : r;
  }

  /** A candidate merge: its pair, its count when queued, and the words where it occurs. */
  private record Entry(long pair, long count, Positions positions) {}

  /** Word indexes in increasing order (words are visited in order, so a repeat is the last). */
  private static final class Positions {
    final long pair;
    int[] items = new int[4];
    int size;

    Positions(long pair) {
      this.pair = pair;
    }

    void addIfLast(int w) {
      if (size > 0 && items[size - 1] == w) {
        return;
      }
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = w;
    }
  }
}
