package org.transfer4j.tokenize.processor;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.transfer4j.tokenize.CharClass;
import org.transfer4j.tokenize.Encoding;
import org.transfer4j.tokenize.PostProcessor;

/**
 * GPT-2's post-processor ({@code "type": "ByteLevel"}): adds no tokens; with {@code trimOffsets}
 * the offsets of a token exclude its leading/trailing spaces ({@code Ġ}), except the space that
 * {@code addPrefixSpace} added to the first word.
 */
public record ByteLevelProcessing(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex)
    implements PostProcessor {
  private static final char SPACE = '\u0120'; // the byte alphabet's 'Ġ'

  @Override
  public int addedTokens(boolean pair) {
    return 0;
  }

  @Override
  public Encoding process(Encoding a, Encoding b, boolean addSpecialTokens) {
    if (trimOffsets) {
      a = trim(a);
      b = b == null ? null : trim(b);
    }
    return PostProcessor.concat(a, b);
  }

  private Encoding trim(Encoding e) {
    List<Encoding> over = new ArrayList<>();
    for (Encoding o : e.overflowing()) {
      over.add(trim(o));
    }
    int[][] offs = new int[e.length()][];
    String[] toks = e.tokens();
    for (int i = 0; i < offs.length; i++) {
      int[] o = e.offsets()[i];
      String t = toks[i];
      int lead = 0;
      while (lead < t.length() && isSpace(t.charAt(lead))) {
        lead++;
      }
      int trail = 0;
      while (trail < t.length() && isSpace(t.charAt(t.length() - 1 - trail))) {
        trail++;
      }
      int s = o[0];
      int en = o[1];
      if (lead > 0) {
        boolean first = i == 0 || s == 0;
        if (!(first && addPrefixSpace && lead == 1)) {
          s = Math.min(s + lead, en);
        }
      }
      if (trail > 0 && en >= trail) {
        en = Math.max(en - trail, s);
      }
      offs[i] = new int[] {s, en};
    }
    return new Encoding(
        e.ids(),
        toks,
        e.typeIds(),
        e.attentionMask(),
        e.specialTokensMask(),
        offs,
        e.wordIds(),
        over);
  }

  private static boolean isSpace(char c) {
    return c == SPACE || CharClass.isWhitespace(c);
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
