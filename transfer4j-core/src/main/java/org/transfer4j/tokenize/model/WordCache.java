package org.transfer4j.tokenize.model;

/**
 * A lock-free direct-mapped cache from a word (a char range) to its tokens, looked up without
 * allocating a key. Entries are immutable (final fields), so racing threads see either an old
 * entry, a new one, or none; a collision simply replaces the slot.
 */
final class WordCache {
  private static final class Entry {
    final char[] key;
    final int hash;
    final int[] value;

    Entry(char[] key, int hash, int[] value) {
      this.key = key;
      this.hash = hash;
      this.value = value;
    }
  }

  private final Entry[] slots;
  private final int mask;

  WordCache(int capacityPowerOfTwo) {
    slots = new Entry[capacityPowerOfTwo];
    mask = capacityPowerOfTwo - 1;
  }

  static int hash(char[] a, int from, int to) {
    int h = 0x811C9DC5;
    for (int i = from; i < to; i++) {
      h = (h ^ a[i]) * 0x01000193;
    }
    return h ^ (h >>> 15);
  }

  int[] get(char[] a, int from, int to, int hash) {
    Entry e = slots[hash & mask];
    if (e == null || e.hash != hash || e.key.length != to - from) {
      return null;
    }
    char[] k = e.key;
    for (int i = 0; i < k.length; i++) {
      if (k[i] != a[from + i]) {
        return null;
      }
    }
    return e.value;
  }

  void put(char[] a, int from, int to, int hash, int[] value) {
    char[] key = new char[to - from];
    System.arraycopy(a, from, key, 0, key.length);
    slots[hash & mask] = new Entry(key, hash, value);
  }
}
