package org.transfer4j.tokenize.pretokenizer;

import com.google.gson.JsonObject;
import org.transfer4j.tokenize.CharClass;
import org.transfer4j.tokenize.PreTokenizer;
import org.transfer4j.tokenize.Words;

/**
 * GPT-2's byte-level pre-tokenizer (Radford et al., 2019): optionally prepend a space, split with
 * GPT-2's pattern {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+|
 * ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+} (hand-coded, no regex engine), then map every UTF-8 byte of a
 * word to a printable char of the 256-symbol byte alphabet ({@link ByteAlphabet}), so that BPE
 * never meets an unknown symbol.
 *
 * <pre>{@code
 * new ByteLevel(false, true, true).preTokenizeStr("Hello world");  // [Hello, Ġworld]
 * }</pre>
 *
 * @param addPrefixSpace treat the first word like any other by prepending a space
 * @param trimOffsets kept for the {@code tokenizer.json} round trip (used by the post-processor)
 * @param useRegex split with the GPT-2 pattern (else only map bytes)
 */
public record ByteLevel(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex)
    implements PreTokenizer {

  /** GPT-2's settings. */
  public static ByteLevel gpt2() {
    return new ByteLevel(false, true, true);
  }

  @Override
  public void preTokenize(Words in, Words out) {
    Words src = in;
    if (addPrefixSpace) {
      // Hugging Face prepends the space to the text itself; the space shares the first char's
      // alignment, so the first token's offsets start at the first char.
      src = new Words(in.length() + in.count());
      char[] a = in.chars();
      for (int k = 0; k < in.count(); k++) {
        int from = in.wordStart(k);
        if (a[from] != ' ') {
          src.append(' ', in.charStart(from), in.charEnd(from));
        }
        src.appendRange(in, from, in.wordEnd(k));
        src.endWord();
      }
    }
    char[] a = src.chars();
    byte[] utf8 = new byte[4];
    for (int k = 0; k < src.count(); k++) {
      int end = src.wordEnd(k);
      int i = src.wordStart(k);
      while (i < end) {
        int stop = useRegex ? match(a, i, end) : end;
        emitBytes(src, i, stop, out, utf8);
        out.endWord();
        i = stop;
      }
    }
  }

  /** Maps chars {@code [from, to)} of {@code in} to byte-alphabet chars appended to {@code out}. */
  static void emitBytes(Words in, int from, int to, Words out, byte[] utf8) {
    char[] a = in.chars();
    for (int i = from; i < to; ) {
      char ch = a[i];
      int s = in.charStart(i);
      int e = in.charEnd(i);
      if (ch < 0x80) {
        out.append(ByteAlphabet.BYTE_TO_CHAR[ch], s, e);
        i++;
        continue;
      }
      int cp = ch;
      int w = 1;
      if (Character.isHighSurrogate(ch) && i + 1 < to && Character.isLowSurrogate(a[i + 1])) {
        cp = Character.toCodePoint(ch, a[i + 1]);
        e = in.charEnd(i + 1);
        w = 2;
      } else if (Character.isSurrogate(ch)) {
        cp = 0xFFFD; // a lone surrogate has no UTF-8 form
      }
      int n = ByteAlphabet.utf8(cp, utf8);
      for (int b = 0; b < n; b++) {
        out.append(ByteAlphabet.BYTE_TO_CHAR[utf8[b] & 0xFF], s, e);
      }
      i += w;
    }
  }

  private static int cpAt(char[] a, int i, int end) {
    char c = a[i];
    if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(a[i + 1])) {
      return Character.toCodePoint(c, a[i + 1]);
    }
    return c;
  }

  /** End of the GPT-2 pattern's match starting at {@code i}. */
  static int match(char[] a, int i, int end) {
    char ch = a[i];
    if (ch == '\'' && i + 1 < end) {
      char n = a[i + 1];
      if (n == 's' || n == 't' || n == 'm' || n == 'd') {
        return i + 2;
      }
      if (i + 2 < end) {
        char n2 = a[i + 2];
        if ((n == 'r' && n2 == 'e') || (n == 'v' && n2 == 'e') || (n == 'l' && n2 == 'l')) {
          return i + 3;
        }
      }
    }
    if (ch == ' ' && i + 1 < end) {
      int next = cpAt(a, i + 1, end);
      if (!CharClass.isWhitespace(next)) {
        return runOf(a, i + 1, end, next);
      }
    }
    int c = cpAt(a, i, end);
    if (!CharClass.isWhitespace(c)) {
      return runOf(a, i, end, c);
    }
    int j = i;
    while (j < end && CharClass.isWhitespace(a[j])) {
      j++; // all White_Space chars are in the BMP
    }
    if (j == end || j - i == 1) {
      return j; // \s+(?!\S) at the end, or a single \s+
    }
    return j - 1; // \s+(?!\S): leave the last space to prefix the next word
  }

  private static final int LETTER = 0;
  private static final int NUMBER = 1;
  private static final int OTHER = 2;

  private static int kind(int c) {
    if (CharClass.isLetter(c)) {
      return LETTER;
    }
    if (CharClass.isNumber(c)) {
      return NUMBER;
    }
    return CharClass.isWhitespace(c) ? -1 : OTHER;
  }

  /** End of the run of chars of the same class as {@code first} (at {@code i}). */
  private static int runOf(char[] a, int i, int end, int first) {
    int kind = kind(first);
    int j = i + Character.charCount(first);
    while (j < end) {
      int c = cpAt(a, j, end);
      if (kind(c) != kind) {
        break;
      }
      j += Character.charCount(c);
    }
    return j;
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("type", "ByteLevel");
    o.addProperty("add_prefix_space", addPrefixSpace);
    o.addProperty("trim_offsets", trimOffsets);
    o.addProperty("use_regex", useRegex);
    return o;
  }
}
