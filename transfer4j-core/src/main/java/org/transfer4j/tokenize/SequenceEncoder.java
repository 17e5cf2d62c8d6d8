package org.transfer4j.tokenize;

import java.util.Arrays;
import java.util.List;

/**
 * Encodes one text without special tokens: added tokens, normalizer, pre-tokenizer and model,
 * collecting ids and original-text offsets into growable int arrays (one instance per call).
 */
final class SequenceEncoder implements Model.TokenSink {
  private final Tokenizer tk;
  private int[] ids;
  private int[] starts;
  private int[] ends;
  private int[] words;
  private int n;
  // Context of the word being tokenized by the model.
  private Words cur;
  private int base;
  private int word;

  SequenceEncoder(Tokenizer tk, int expected) {
    this.tk = tk;
    int c = Math.max(8, expected);
    ids = new int[c];
    starts = new int[c];
    ends = new int[c];
    words = new int[c];
  }

  Encoding encode(String text, int typeId) {
    int w = 0;
    int pos = 0;
    AddedVocabulary raw = tk.addedRaw();
    List<AddedVocabulary.Match> matches =
        raw.isEmptyMatcher() ? List.of() : raw.find(text, 0, text.length());
    for (AddedVocabulary.Match m : matches) {
      if (m.start() > pos) {
        w = segment(text, pos, m.start(), w);
      }
      add(m.token().id(), m.start(), m.end(), w++);
      pos = m.end();
    }
    if (pos < text.length()) {
      w = segment(text, pos, text.length(), w);
    }
    return build(text, typeId);
  }

  private int segment(String text, int from, int to, int w) {
    NormalizedString ns =
        NormalizedString.of(from == 0 && to == text.length() ? text : text.substring(from, to));
    if (tk.normalizer() != null) {
      ns = tk.normalizer().normalize(ns);
    }
    AddedVocabulary norm = tk.addedNormalized();
    if (norm.isEmptyMatcher()) {
      return words(ns, from, w);
    }
    String s = ns.normalized();
    int pos = 0;
    for (AddedVocabulary.Match m : norm.find(s, 0, s.length())) {
      if (m.start() > pos) {
        w = words(ns.slice(pos, m.start()), from, w);
      }
      add(
          m.token().id(),
          from + ns.originalStart(m.start()),
          from + ns.originalEnd(m.end() - 1),
          w++);
      pos = m.end();
    }
    if (pos < s.length()) {
      w = words(ns.slice(pos, s.length()), from, w);
    }
    return w;
  }

  private int words(NormalizedString ns, int from, int w) {
    if (ns.length() == 0) {
      return w;
    }
    Words in = Words.of(ns);
    Words split = in;
    PreTokenizer pre = tk.preTokenizer();
    if (pre != null) {
      split = new Words(in.length() + 16);
      pre.preTokenize(in, split);
    }
    cur = split;
    base = from;
    Model model = tk.model();
    char[] a = split.chars();
    for (int k = 0; k < split.count(); k++) {
      word = w++;
      model.tokenize(a, split.wordStart(k), split.wordEnd(k), this);
    }
    cur = null;
    return w;
  }

  @Override
  public void token(int id, int start, int end) {
    add(id, base + cur.charStart(start), base + cur.charEnd(end - 1), word);
  }

  private void add(int id, int s, int e, int w) {
    if (n == ids.length) {
      int c = n * 2;
      ids = Arrays.copyOf(ids, c);
      starts = Arrays.copyOf(starts, c);
      ends = Arrays.copyOf(ends, c);
      words = Arrays.copyOf(words, c);
    }
    ids[n] = id;
    starts[n] = s;
    ends[n] = e;
    words[n] = w;
    n++;
  }

  private Encoding build(String text, int typeId) {
    int[] cp = codePointIndex(text);
    int[] outIds = Arrays.copyOf(ids, n);
    String[] tokens = new String[n];
    int[] types = new int[n];
    Arrays.fill(types, typeId);
    int[] ones = new int[n];
    Arrays.fill(ones, 1);
    int[][] offs = new int[n][];
    Integer[] wordIds = new Integer[n];
    for (int i = 0; i < n; i++) {
      tokens[i] = tk.idToToken(ids[i]);
      offs[i] =
          cp == null ? new int[] {starts[i], ends[i]} : new int[] {cp[starts[i]], cp[ends[i]]};
      wordIds[i] = words[i];
    }
    return new Encoding(outIds, tokens, types, ones, new int[n], offs, wordIds, List.of());
  }

  /** Char index to code point index, or null when the text has no surrogate pairs. */
  static int[] codePointIndex(String text) {
    int len = text.length();
    int i = 0;
    while (i < len && !Character.isSurrogate(text.charAt(i))) {
      i++;
    }
    if (i == len) {
      return null;
    }
    int[] map = new int[len + 1];
    int count = 0;
    for (int k = 0; k < len; k++) {
      map[k] = count;
      if (!(Character.isLowSurrogate(text.charAt(k))
          && k > 0
          && Character.isHighSurrogate(text.charAt(k - 1)))) {
        count++;
      }
    }
    map[len] = count;
    // A low surrogate index (mid code point) maps to the code point's start; ends past it are +1.
    for (int k = 1; k < len; k++) {
      if (Character.isLowSurrogate(text.charAt(k))
          && Character.isHighSurrogate(text.charAt(k - 1))) {
        map[k] = map[k - 1] + 1;
      }
    }
    return map;
  }
}
