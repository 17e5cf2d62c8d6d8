package org.transfer4j.model.tagger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a word tagger's input ids spell words. The tagger's tokenizer is a character WordPiece: ids
 * {@code [PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4}, then every known character {@code c} as a
 * word's first token ({@code 5 + k}), then as {@code ##c} ({@code 5 + C + k}); a word with an
 * unknown character becomes one {@code [UNK]}. So the model sees each word's characters (for the
 * character CNN and the casing) and looks the word itself up in its own vocabulary, and a sentence
 * is still an ordinary tagging input: the first token of each word carries the word's label and
 * prediction, as for BERT's sub-tokens; new words at prediction time keep their spelling.
 *
 * <pre>{@code
 * CharLayout layout = new CharLayout(config.charVocab(), config.wordVocab(), 30);
 * CharLayout.Batch b = layout.read(ids, batch, seq); // words, characters, casing per row
 * }</pre>
 */
public final class CharLayout {
  /** Ids below this are the specials. */
  public static final int FIRST_CHAR = 5;

  private final List<String> chars;
  private final Map<String, Integer> wordRows = new HashMap<>();
  private final int maxChars;

  /**
   * @param chars the character vocabulary in id order
   * @param words the word vocabulary; word i has embedding row i + 2
   * @param maxChars characters per word the CNN reads (longer words are cut)
   */
  public CharLayout(List<String> chars, List<String> words, int maxChars) {
    this.chars = chars;
    this.maxChars = maxChars;
    for (int i = 0; i < words.size(); i++) {
      wordRows.putIfAbsent(words.get(i), i + 2);
    }
  }

  /** The tokenizer vocabulary, in id order. */
  public static List<String> tokenizerVocab(List<String> chars) {
    List<String> out = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
    out.addAll(chars);
    chars.forEach(c -> out.add("##" + c));
    return out;
  }

  /**
   * One batch read back as words.
   *
   * @param words the most words of a row (at least 1)
   * @param lengths words per row
   * @param wordIds {@code (batch, words)} embedding rows, 0 past a row's end, 1 unknown
   * @param charIds {@code (batch * words, chars)}: 0 padding, 1 unknown, else character + 2
   * @param chars characters per word in {@code charIds}
   * @param casing {@code (batch, words, Casing.SIZE)} one-hot
   * @param sentences each row's words ({@code null} for a word spelt with an unknown character)
   * @param tokenRows {@code (batch * seq)}: the word row ({@code b * words + w}) a word's first
   *     token reads its logits from; {@code batch * words} (a zero row) for every other token
   */
  public record Batch(
      int words,
      int[] lengths,
      long[] wordIds,
      long[] charIds,
      int chars,
      float[] casing,
      List<List<String>> sentences,
      long[] tokenRows) {}

  /** Reads {@code ids (batch, seq)} row-major. */
  public Batch read(long[] ids, int batch, int seq) {
    int c = chars.size();
    List<List<String>> spelled = new ArrayList<>();
    List<List<Integer>> starts = new ArrayList<>();
    List<List<int[]>> charRows = new ArrayList<>();
    int words = 1;
    int longest = 1;
    for (int b = 0; b < batch; b++) {
      List<String> ws = new ArrayList<>();
      List<Integer> st = new ArrayList<>();
      List<int[]> cr = new ArrayList<>();
      StringBuilder word = null;
      List<Integer> letters = new ArrayList<>();
      for (int t = 0; t <= seq; t++) {
        long id = t < seq ? ids[b * seq + t] : 0;
        boolean continues = id >= FIRST_CHAR + c && id < FIRST_CHAR + 2L * c;
        if (!continues && (word != null || !letters.isEmpty())) { // close the open word
          ws.add(word == null ? null : word.toString());
          int[] row = new int[Math.min(maxChars, Math.max(1, letters.size()))];
          for (int k = 0; k < row.length; k++) {
            row[k] = letters.isEmpty() ? 1 : letters.get(k) + 2;
          }
          cr.add(row);
          longest = Math.max(longest, row.length);
          word = null;
          letters.clear();
        }
        if (id == 1) { // [UNK]: a word with a character outside the vocabulary
          st.add(t);
          letters.clear();
          ws.add(null);
          cr.add(new int[] {1});
        } else if (id >= FIRST_CHAR && id < FIRST_CHAR + c) {
          st.add(t);
          word = new StringBuilder(chars.get((int) id - FIRST_CHAR));
          letters.add((int) id - FIRST_CHAR);
        } else if (continues && word != null) {
          int k = (int) id - FIRST_CHAR - c;
          word.append(chars.get(k));
          letters.add(k);
        }
      }
      words = Math.max(words, ws.size());
      spelled.add(ws);
      starts.add(st);
      charRows.add(cr);
    }
    int[] lengths = new int[batch];
    long[] wordIds = new long[batch * words];
    long[] charIds = new long[batch * words * longest];
    float[] casing = new float[batch * words * Casing.SIZE];
    long[] tokenRows = new long[batch * seq];
    java.util.Arrays.fill(tokenRows, (long) batch * words);
    for (int b = 0; b < batch; b++) {
      List<String> ws = spelled.get(b);
      lengths[b] = Math.max(1, ws.size()); // an empty row runs one padding step
      for (int w = 0; w < ws.size(); w++) {
        int row = b * words + w;
        wordIds[row] = row(ws.get(w));
        int[] cs = charRows.get(b).get(w);
        for (int k = 0; k < cs.length; k++) {
          charIds[row * longest + k] = cs[k];
        }
        casing[row * Casing.SIZE + Casing.of(ws.get(w))] = 1f;
        tokenRows[b * seq + starts.get(b).get(w)] = row;
      }
    }
    return new Batch(words, lengths, wordIds, charIds, longest, casing, spelled, tokenRows);
  }

  /** The embedding row of a word: exact, else lowercased, else unknown (1). */
  int row(String word) {
    if (word == null) {
      return 1;
    }
    Integer r = wordRows.get(word);
    if (r == null) {
      r = wordRows.get(word.toLowerCase(Locale.ROOT));
    }
    return r == null ? 1 : r;
  }
}
