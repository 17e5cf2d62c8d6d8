package org.transfer4j.tokenize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds added tokens in a text: leftmost match first, the longest token at that position (as
 * Hugging Face's Aho-Corasick {@code LeftmostLongest}), honouring single-word and strip options.
 */
final class AddedVocabulary {
  /** A match: token and the char range it covers (with stripped whitespace). */
  record Match(AddedToken token, int start, int end) {}

  private final List<AddedToken> tokens;
  private final Map<Character, List<AddedToken>> byFirst = new HashMap<>();
  private final Map<Integer, AddedToken> byId = new HashMap<>();
  private final Map<String, AddedToken> byContent = new HashMap<>();

  AddedVocabulary(List<AddedToken> tokens, boolean normalizedOnes) {
    this.tokens = List.copyOf(tokens);
    for (AddedToken t : tokens) {
      byId.put(t.id(), t);
      byContent.put(t.content(), t);
      if (t.normalized() == normalizedOnes) {
        byFirst.computeIfAbsent(t.content().charAt(0), c -> new ArrayList<>()).add(t);
      }
    }
    byFirst
        .values()
        .forEach(l -> l.sort(Comparator.comparingInt((AddedToken t) -> -t.content().length())));
  }

  boolean isEmptyMatcher() {
    return byFirst.isEmpty();
  }

  List<AddedToken> all() {
    return tokens;
  }

  AddedToken byId(int id) {
    return byId.get(id);
  }

  AddedToken byContent(String s) {
    return byContent.get(s);
  }

  /** All non-overlapping matches in {@code s[from, to)}, left to right. */
  List<Match> find(CharSequence s, int from, int to) {
    List<Match> out = null;
    int prevEnd = from;
    int i = from;
    while (i < to) {
      List<AddedToken> cands = byFirst.get(s.charAt(i));
      AddedToken hit = null;
      if (cands != null) {
        for (AddedToken t : cands) {
          if (regionMatches(s, i, to, t.content())) {
            hit = t;
            break;
          }
        }
      }
      if (hit == null) {
        i++;
        continue;
      }
      int start = i;
      int end = i + hit.content().length();
      if (hit.singleWord() && !isWordBoundary(s, from, to, start, end)) {
        i++;
        continue;
      }
      if (hit.lstrip()) {
        while (start > prevEnd && CharClass.isWhitespace(s.charAt(start - 1))) {
          start--;
        }
      }
      if (hit.rstrip()) {
        while (end < to && CharClass.isWhitespace(s.charAt(end))) {
          end++;
        }
      }
      if (out == null) {
        out = new ArrayList<>();
      }
      out.add(new Match(hit, start, end));
      prevEnd = end;
      i = end;
    }
    return out == null ? List.of() : out;
  }

  private static boolean regionMatches(CharSequence s, int i, int to, String t) {
    if (i + t.length() > to) {
      return false;
    }
    for (int k = 0; k < t.length(); k++) {
      if (s.charAt(i + k) != t.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWordBoundary(CharSequence s, int from, int to, int start, int end) {
    boolean left = start == from || !isWordChar(Character.codePointBefore(s, start));
    boolean right = end == to || !isWordChar(Character.codePointAt(s, end));
    return left && right;
  }

  private static boolean isWordChar(int cp) {
    return Character.isLetterOrDigit(cp) || cp == '_';
  }
}
