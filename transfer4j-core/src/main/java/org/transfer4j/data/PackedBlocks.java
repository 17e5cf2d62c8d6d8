package org.transfer4j.data;

/**
 * Causal-LM training examples as Hugging Face's {@code run_clm.py} makes them: the documents
 * (lines) of a {@link TokenCache}, each followed by the end-of-text token, concatenated into one
 * stream that is cut into blocks of {@code blockSize} tokens; the incomplete tail is dropped. A
 * block is read on demand from the memory-mapped cache, so memory stays flat in the corpus size
 * (one {@code long} per line for the offsets). Empty lines add nothing.
 *
 * <pre>{@code
 * PackedBlocks blocks = new PackedBlocks(cache, eosId, 128);
 * long[] block = new long[128];
 * blocks.read(0, block); // doc0 tokens, EOS, doc1 tokens, EOS, ...
 * }</pre>
 */
public final class PackedBlocks {
  private final TokenCache cache;
  private final int eos;
  private final int blockSize;
  private final long[] starts; // starts[i]: stream offset of line i; starts[lines]: stream length
  private final long blocks;

  public PackedBlocks(TokenCache cache, int eosTokenId, int blockSize) {
    if (blockSize < 2) {
      throw new IllegalArgumentException("block size must be >= 2, got " + blockSize);
    }
    long lines = cache.lines();
    if (lines >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many lines for one cache: " + lines);
    }
    this.cache = cache;
    this.eos = eosTokenId;
    this.blockSize = blockSize;
    this.starts = new long[(int) lines + 1];
    for (int i = 0; i < lines; i++) {
      int n = cache.length(i);
      starts[i + 1] = starts[i] + (n == 0 ? 0 : n + 1);
    }
    this.blocks = starts[(int) lines] / blockSize;
  }

  /** Whole blocks in the stream. */
  public long blocks() {
    return blocks;
  }

  /** Tokens of the stream, end-of-text tokens included. */
  public long streamTokens() {
    return starts[starts.length - 1];
  }

  public int blockSize() {
    return blockSize;
  }

  /** Fills {@code dst} (length {@code blockSize}) with block {@code block}'s token ids. */
  public void read(long block, long[] dst) {
    if (block < 0 || block >= blocks) {
      throw new IndexOutOfBoundsException("block " + block + " of " + blocks);
    }
    long pos = block * blockSize;
    int line = lineAt(pos);
    int filled = 0;
    int[] buffer = new int[blockSize];
    while (filled < blockSize) {
      int n = cache.length(line);
      int offset = (int) (pos - starts[line]); // in [0, n]: n is the line's end-of-text
      if (offset < n) {
        int take = Math.min(n - offset, blockSize - filled);
        cache.read(line, offset, buffer, 0, take);
        for (int i = 0; i < take; i++) {
          dst[filled + i] = buffer[i];
        }
        filled += take;
        pos += take;
      } else {
        dst[filled++] = eos;
        pos++;
        line++;
        while (line + 1 < starts.length && starts[line + 1] == starts[line]) {
          line++; // empty lines
        }
      }
    }
  }

  /** The line whose stream range [starts[i], starts[i + 1]) holds {@code pos}. */
  private int lineAt(long pos) {
    // Upper bound: the first start > pos, minus one; empty lines share starts and are skipped.
    int lo = 0;
    int hi = starts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (starts[mid] <= pos) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo - 1;
  }
}
