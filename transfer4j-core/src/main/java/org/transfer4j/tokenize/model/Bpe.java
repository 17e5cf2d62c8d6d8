package org.transfer4j.tokenize.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.transfer4j.BadInputException;
import org.transfer4j.tokenize.Model;

/**
 * Byte-pair encoding (Sennrich et al., 2016): start from single chars and repeatedly apply the
 * lowest-ranked merge present in the word (leftmost first on ties). Results are cached per word.
 *
 * <pre>{@code
 * Bpe bpe = Bpe.builder(vocab, merges).build();   // GPT-2 style: no unk, no prefixes
 * }</pre>
 */
public final class Bpe implements Model {
  private static final int CACHE_CAPACITY = 10_000;

  private final Vocab vocab;
  private final List<String[]> merges;
  private final LongIntMap ranks;
  private final int[] mergedId;
  private final int[] charId; // BMP char -> id when no prefix/suffix applies, -1 if absent
  private final String unkToken;
  private final int unkId;
  private final String prefix;
  private final String suffix;
  private final boolean fuseUnk;
  private final boolean byteFallback;
  private final boolean ignoreMerges;
  private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

  /** Options beyond vocabulary and merges; defaults are GPT-2's. */
  public static final class Builder {
    private final Map<String, Integer> vocab;
    private final List<String[]> merges;
    private String unkToken;
    private String prefix = "";
    private String suffix = "";
    private boolean fuseUnk;
    private boolean byteFallback;
    private boolean ignoreMerges;
    private IntFunction<String> mergeWhere = i -> "merges[" + i + "]";

    Builder(Map<String, Integer> vocab, List<String[]> merges) {
      this.vocab = vocab;
      this.merges = merges;
    }

    public Builder unkToken(String t) {
      unkToken = t;
      return this;
    }

    public Builder continuingSubwordPrefix(String p) {
      prefix = p == null ? "" : p;
      return this;
    }

    public Builder endOfWordSuffix(String s) {
      suffix = s == null ? "" : s;
      return this;
    }

    public Builder fuseUnk(boolean b) {
      fuseUnk = b;
      return this;
    }

    public Builder byteFallback(boolean b) {
      byteFallback = b;
      return this;
    }

    public Builder ignoreMerges(boolean b) {
      ignoreMerges = b;
      return this;
    }

    /** How errors name merge {@code i} (e.g. "merges file F invalid at line N"). */
    public Builder mergeWhere(IntFunction<String> where) {
      mergeWhere = where;
      return this;
    }

    public Bpe build() {
      return new Bpe(this);
    }
  }

  public static Builder builder(Map<String, Integer> vocab, List<String[]> merges) {
    return new Builder(vocab, merges);
  }

  private Bpe(Builder b) {
    vocab = new Vocab(b.vocab, "BPE model");
    merges = List.copyOf(b.merges);
    unkToken = b.unkToken;
    unkId = unkToken == null ? -1 : vocab.requireId(unkToken, "BPE model");
    prefix = b.prefix;
    suffix = b.suffix;
    fuseUnk = b.fuseUnk;
    byteFallback = b.byteFallback;
    ignoreMerges = b.ignoreMerges;
    ranks = new LongIntMap(merges.size());
    mergedId = new int[merges.size()];
    for (int i = 0; i < merges.size(); i++) {
      String[] m = merges.get(i);
      int a = vocab.id(m[0]);
      int c = vocab.id(m[1]);
      String joined = m[0] + (m[1].startsWith(prefix) ? m[1].substring(prefix.length()) : m[1]);
      int r = vocab.id(joined);
      if (a < 0 || c < 0 || r < 0) {
        String missing = a < 0 ? m[0] : c < 0 ? m[1] : joined;
        throw new BadInputException(
            b.mergeWhere.apply(i)
                + ": token '"
                + missing
                + "' of merge '"
                + m[0]
                + " "
                + m[1]
                + "' is not in the vocabulary");
      }
      ranks.put(((long) a << 32) | c, i); // a later duplicate wins, as in Hugging Face
      mergedId[i] = r;
    }
    charId = new int[0x10000];
    Arrays.fill(charId, -1);
    if (prefix.isEmpty() && suffix.isEmpty()) {
      for (Map.Entry<String, Integer> e : vocab.map.entrySet()) {
        if (e.getKey().length() == 1) {
          charId[e.getKey().charAt(0)] = e.getValue();
        }
      }
    }
  }

  @Override
  public void tokenize(char[] a, int from, int to, TokenSink sink) {
    String key = new String(a, from, to - from);
    int[] r = cache.get(key);
    if (r == null) {
      r = compute(a, from, to, key);
      if (cache.size() < CACHE_CAPACITY) {
        cache.put(key, r);
      }
    }
    for (int k = 0; k < r.length; k += 3) {
      sink.token(r[k], from + r[k + 1], from + r[k + 2]);
    }
  }

  /** Triples (id, start, end) relative to {@code from}. */
  private int[] compute(char[] a, int from, int to, String word) {
    if (ignoreMerges) {
      int id = vocab.id(word);
      if (id >= 0) {
        return new int[] {id, 0, to - from};
      }
    }
    int cap = to - from + 4;
    int[] ids = new int[cap];
    int[] st = new int[cap];
    int[] en = new int[cap];
    int n = 0;
    boolean lastUnk = false;
    for (int i = from; i < to; ) {
      int cp = Character.codePointAt(a, i, to);
      int w = Character.charCount(cp);
      int id = -1;
      if (w == 1 && prefix.isEmpty() && suffix.isEmpty()) {
        id = charId[a[i]];
      } else {
        String s = new String(a, i, w);
        if (i > from && !prefix.isEmpty()) {
          s = prefix + s;
        }
        if (i + w == to && !suffix.isEmpty()) {
          s = s + suffix;
        }
        id = vocab.id(s);
      }
      if (id >= 0) {
        ids[n] = id;
        st[n] = i - from;
        en[n++] = i - from + w;
        lastUnk = false;
      } else if (byteFallback && fallbackBytes(cp) != null) {
        for (int bid : fallbackBytes(cp)) {
          if (n == ids.length) {
            ids = Arrays.copyOf(ids, n * 2);
            st = Arrays.copyOf(st, n * 2);
            en = Arrays.copyOf(en, n * 2);
          }
          ids[n] = bid;
          st[n] = i - from;
          en[n++] = i - from + w;
        }
        lastUnk = false;
      } else if (unkId >= 0) {
        if (fuseUnk && lastUnk) {
          en[n - 1] = i - from + w;
        } else {
          ids[n] = unkId;
          st[n] = i - from;
          en[n++] = i - from + w;
        }
        lastUnk = true;
      }
      i += w;
    }
    while (n > 1) {
      int best = Integer.MAX_VALUE;
      int pos = -1;
      for (int k = 0; k + 1 < n; k++) {
        int rank = ranks.get(((long) ids[k] << 32) | ids[k + 1], Integer.MAX_VALUE);
        if (rank < best) {
          best = rank;
          pos = k;
        }
      }
      if (pos < 0) {
        break;
      }
      ids[pos] = mergedId[best];
      en[pos] = en[pos + 1];
      int rest = n - pos - 2;
      System.arraycopy(ids, pos + 2, ids, pos + 1, rest);
      System.arraycopy(st, pos + 2, st, pos + 1, rest);
      System.arraycopy(en, pos + 2, en, pos + 1, rest);
      n--;
    }
    int[] r = new int[n * 3];
    for (int k = 0; k < n; k++) {
      r[k * 3] = ids[k];
      r[k * 3 + 1] = st[k];
      r[k * 3 + 2] = en[k];
    }
    return r;
  }

  /**
   * Ids of the {@code <0xAB>} tokens for the UTF-8 bytes of {@code cp}, or null if one is absent.
   */
  private int[] fallbackBytes(int cp) {
    byte[] buf = new byte[4];
    int len = org.transfer4j.tokenize.pretokenizer.ByteAlphabet.utf8(cp, buf);
    int[] out = new int[len];
    for (int k = 0; k < len; k++) {
      int id = vocab.id(String.format("<0x%02X>", buf[k] & 0xFF));
      if (id < 0) {
        return null;
      }
      out[k] = id;
    }
    return out;
  }

  /** The merges in rank order. */
  public List<String[]> merges() {
    return merges;
  }

  @Override
  public int tokenToId(String token) {
    return vocab.id(token);
  }

  @Override
  public String idToToken(int id) {
    return vocab.token(id);
  }

  @Override
  public int vocabSize() {
    return vocab.tokens.length;
  }

  @Override
  public Map<String, Integer> vocab() {
    return vocab.map;
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("type", "BPE");
    o.add("dropout", JsonNull.INSTANCE);
    if (unkToken == null) {
      o.add("unk_token", JsonNull.INSTANCE);
    } else {
      o.addProperty("unk_token", unkToken);
    }
    o.addProperty("continuing_subword_prefix", prefix);
    o.addProperty("end_of_word_suffix", suffix);
    o.addProperty("fuse_unk", fuseUnk);
    o.addProperty("byte_fallback", byteFallback);
    o.addProperty("ignore_merges", ignoreMerges);
    o.add("vocab", Vocabularies.toJson(vocab.map));
    boolean spaces = merges.stream().anyMatch(m -> m[0].contains(" ") || m[1].contains(" "));
    JsonArray ms = new JsonArray();
    for (String[] m : merges) {
      if (spaces) {
        JsonArray p = new JsonArray();
        p.add(m[0]);
        p.add(m[1]);
        ms.add(p);
      } else {
        ms.add(m[0] + " " + m[1]);
      }
    }
    o.add("merges", ms);
    return o;
  }
}
