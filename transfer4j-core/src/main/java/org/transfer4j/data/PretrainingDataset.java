package org.transfer4j.data;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.transfer4j.BadInputException;

/**
 * Masked-LM + sentence-order pretraining examples from a {@link TokenCache}. Each cache line of at
 * least {@code minLength} tokens is one example per epoch: a random window of at most {@code
 * maxLength - 3} tokens, cut into two halves that are swapped with probability {@code
 * swapProbability} (ALBERT's sentence-order prediction, label 1 = swapped), laid out as {@code
 * [CLS] A [SEP] B [SEP]}. Batches are bucketed by length ({@link BucketBatcher}) and masked by
 * {@link MlmCollator}; everything is a pure function of (seed, epoch, batch index), so training
 * resumes exactly with {@link #iterator(int, int)}.
 *
 * <pre>{@code
 * PretrainingDataset data = new PretrainingDataset(cache, SpecialTokens.bertBaseUncased(),
 *     PretrainingDataset.Options.defaults(128, 32, 42));
 * for (Iterator<PretrainingBatch> it = data.iterator(epoch, resumeBatch); it.hasNext(); ) {
 *   PretrainingBatch b = it.next();
 *   try (NDManager step = base.newSubManager()) { NDList x = b.toNDList(step); ... }
 * }
 * }</pre>
 */
public final class PretrainingDataset {
  private final TokenCache cache;
  private final SpecialTokens specials;
  private final Options options;
  private final MlmCollator collator;
  private final BucketBatcher batcher;
  private final int[] lines;
  private final int[] lengths;
  private List<int[]> plan;
  private int planEpoch = -1;

  /**
   * Pretraining options.
   *
   * @param maxLength maximum sequence length with the three specials
   * @param minLength minimum line length in tokens (before specials), at least 2
   * @param batchSize examples per batch
   * @param seed run seed
   * @param chunkBatches batches per length-sorted chunk ({@link BucketBatcher})
   * @param swapProbability probability that the halves are swapped
   * @param mlm masking rates
   */
  public record Options(
      int maxLength,
      int minLength,
      int batchSize,
      long seed,
      int chunkBatches,
      double swapProbability,
      MlmOptions mlm) {
    public Options {
      if (minLength < 2) {
        throw new IllegalArgumentException(
            "min length must be at least 2 (two non-empty halves), got " + minLength);
      }
      if (maxLength < LengthRules.PAIR_SPECIALS + 2) {
        throw new IllegalArgumentException(
            "max length must be at least 5 ([CLS] A [SEP] B [SEP]), got " + maxLength);
      }
      if (!(swapProbability >= 0 && swapProbability <= 1)) {
        throw new IllegalArgumentException("swap probability must be in [0, 1]");
      }
    }

    /**
     * BERT masking, swap probability 0.5, 50 batches per chunk, and the minimum length from {@link
     * LengthRules#minLength}: at least one masked token with probability 0.5.
     */
    public static Options defaults(int maxLength, int batchSize, long seed) {
      MlmOptions mlm = MlmOptions.defaults();
      return new Options(
          maxLength,
          Math.max(2, LengthRules.minLength(mlm.maskProbability(), 0.5)),
          batchSize,
          seed,
          50,
          0.5,
          mlm);
    }

    public Options withMinLength(int minLength) {
      return new Options(maxLength, minLength, batchSize, seed, chunkBatches, swapProbability, mlm);
    }
  }

  /** One unmasked example: ids with specials, type ids, and whether the halves were swapped. */
  public record Example(int[] ids, int[] typeIds, boolean swapped) {}

  public PretrainingDataset(TokenCache cache, SpecialTokens specials, Options options) {
    this.cache = cache;
    this.specials = specials;
    this.options = options;
    this.collator = new MlmCollator(specials, options.mlm());
    this.batcher = new BucketBatcher(options.batchSize(), options.chunkBatches(), true);
    if (cache.lines() > Integer.MAX_VALUE) {
      throw new BadInputException(
          "token cache " + cache.dir() + " has more than 2^31-1 lines; split the corpus");
    }
    int n = (int) cache.lines();
    int[] keep = new int[n];
    int[] len = new int[n];
    int k = 0;
    int longest = 0;
    int window = options.maxLength() - LengthRules.PAIR_SPECIALS;
    for (int i = 0; i < n; i++) {
      int l = cache.length(i);
      longest = Math.max(longest, l);
      if (l >= options.minLength()) {
        keep[k] = i;
        len[k++] = Math.min(l, window) + LengthRules.PAIR_SPECIALS;
      }
    }
    if (k == 0) {
      throw new BadInputException(
          "token cache "
              + cache.dir()
              + ": no line has at least the minimum length of "
              + options.minLength()
              + " tokens (the longest has "
              + longest
              + "); give longer lines or lower the minimum length");
    }
    this.lines = Arrays.copyOf(keep, k);
    this.lengths = Arrays.copyOf(len, k);
  }

  /** The number of examples per epoch (lines of at least the minimum length). */
  public int examples() {
    return lines.length;
  }

  /** Lines dropped as shorter than the minimum length. */
  public long skippedShort() {
    return cache.lines() - lines.length;
  }

  public Options options() {
    return options;
  }

  /** The number of batches in every epoch. */
  public int batchesPerEpoch() {
    return (int) ((lines.length + (long) options.batchSize() - 1) / options.batchSize());
  }

  /** The batches of {@code epoch}, from {@code startBatch} (0 for a fresh epoch) to the end. */
  public Iterator<PretrainingBatch> iterator(int epoch, int startBatch) {
    if (startBatch < 0 || startBatch > batchesPerEpoch()) {
      throw new IllegalArgumentException(
          "start batch " + startBatch + " outside [0, " + batchesPerEpoch() + "]");
    }
    return new Iterator<>() {
      private int next = startBatch;

      @Override
      public boolean hasNext() {
        return next < batchesPerEpoch();
      }

      @Override
      public PretrainingBatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return batch(epoch, next++);
      }
    };
  }

  /**
   * An endless stream of batches from batch {@code startBatch} of {@code epoch}, running into the
   * following epochs (step-based training); {@link PretrainingBatch#epoch()} and {@link
   * PretrainingBatch#index()} give the position to save: resume with {@code stream(epoch, index +
   * 1)}.
   */
  public Iterator<PretrainingBatch> stream(int epoch, int startBatch) {
    if (startBatch < 0 || startBatch > batchesPerEpoch()) {
      throw new IllegalArgumentException(
          "start batch " + startBatch + " outside [0, " + batchesPerEpoch() + "]");
    }
    return new Iterator<>() {
      private int e = epoch;
      private int next = startBatch;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public PretrainingBatch next() {
        if (next == batchesPerEpoch()) {
          e++;
          next = 0;
        }
        return batch(e, next++);
      }
    };
  }

  /** Batch {@code index} of {@code epoch}, masked; the same every time it is asked for. */
  public PretrainingBatch batch(int epoch, int index) {
    int[] members = plan(epoch).get(index);
    Example[] ex = new Example[members.length];
    int seq = 0;
    for (int r = 0; r < members.length; r++) {
      ex[r] = example(members[r], epoch);
      seq = Math.max(seq, ex[r].ids().length);
    }
    int rows = members.length;
    long[] ids = new long[rows * seq];
    long[] types = new long[rows * seq];
    long[] mask = new long[rows * seq];
    long[] sop = new long[rows];
    long[] lineIds = new long[rows];
    Arrays.fill(ids, specials.pad());
    for (int r = 0; r < rows; r++) {
      int[] e = ex[r].ids();
      int[] t = ex[r].typeIds();
      for (int j = 0; j < e.length; j++) {
        ids[r * seq + j] = e[j];
        types[r * seq + j] = t[j];
        mask[r * seq + j] = 1;
      }
      sop[r] = ex[r].swapped() ? 1 : 0;
      lineIds[r] = lines[members[r]];
    }
    MaskedLm m =
        collator.mask(ids, mask, rows, seq, Seeds.mix(options.seed(), epoch, index, 0x6d6c6dL));
    return new PretrainingBatch(
        rows,
        seq,
        m.inputIds(),
        types,
        mask,
        m.labels(),
        m.maskedPositions(),
        m.maskedLabels(),
        sop,
        lineIds,
        epoch,
        index);
  }

  /** The example {@code k} (0 <= k < {@link #examples()}) as drawn in {@code epoch}. */
  public Example example(int k, int epoch) {
    int line = lines[k];
    int len = cache.length(line);
    SplittableRandom rng = new SplittableRandom(Seeds.mix(options.seed(), epoch, line, 0x736f70L));
    int seg = Math.min(len, options.maxLength() - LengthRules.PAIR_SPECIALS);
    int start = len == seg ? 0 : rng.nextInt(len - seg + 1);
    int half = seg / 2;
    boolean swap = rng.nextDouble() < options.swapProbability();
    int aFrom = swap ? start + half : start;
    int aLen = swap ? seg - half : half;
    int bFrom = swap ? start : start + half;
    int bLen = seg - aLen;
    int[] ids = new int[seg + LengthRules.PAIR_SPECIALS];
    int[] types = new int[ids.length];
    ids[0] = specials.cls();
    cache.read(line, aFrom, ids, 1, aLen);
    ids[1 + aLen] = specials.sep();
    cache.read(line, bFrom, ids, 2 + aLen, bLen);
    ids[ids.length - 1] = specials.sep();
    Arrays.fill(types, 2 + aLen, ids.length, 1);
    return new Example(ids, types, swap);
  }

  private synchronized List<int[]> plan(int epoch) {
    if (planEpoch != epoch) {
      plan = batcher.plan(lengths, options.seed(), epoch);
      planEpoch = epoch;
    }
    return plan;
  }
}
