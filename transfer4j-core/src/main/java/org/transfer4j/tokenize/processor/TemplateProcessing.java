package org.transfer4j.tokenize.processor;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transfer4j.tokenize.Encoding;
import org.transfer4j.tokenize.PostProcessor;

/**
 * Hugging Face's template post-processor: a list of pieces, each a sequence ({@code $A}, {@code
 * $B}) or a special token, with the type id to give it.
 *
 * <pre>{@code
 * TemplateProcessing bert = TemplateProcessing.bert("[CLS]", 101, "[SEP]", 102);
 * // single: [CLS] $A [SEP]    pair: [CLS] $A [SEP] $B:1 [SEP]:1
 * }</pre>
 */
public final class TemplateProcessing implements PostProcessor {
  /** A template element: a sequence ("A"/"B") or a special token id. */
  public record Piece(boolean special, String id, int typeId) {}

  /** A special token of the template: its name, ids and tokens (usually one of each). */
  public record SpecialTokens(String id, int[] ids, String[] tokens) {}

  private final List<Piece> single;
  private final List<Piece> pair;
  private final Map<String, SpecialTokens> specials;

  public TemplateProcessing(
      List<Piece> single, List<Piece> pair, Map<String, SpecialTokens> specials) {
    this.single = List.copyOf(single);
    this.pair = List.copyOf(pair);
    this.specials = new LinkedHashMap<>(specials);
    for (Piece p : concat(single, pair)) {
      if (p.special() && !specials.containsKey(p.id())) {
        throw new IllegalArgumentException(
            "template uses special token '" + p.id() + "' that is not defined");
      }
      if (!p.special() && !p.id().equals("A") && !p.id().equals("B")) {
        throw new IllegalArgumentException(
            "template sequence id must be A or B, got '" + p.id() + "'");
      }
    }
  }

  private static List<Piece> concat(List<Piece> a, List<Piece> b) {
    List<Piece> r = new ArrayList<>(a);
    r.addAll(b);
    return r;
  }

  /** BERT's template: {@code [CLS] $A [SEP]} and {@code [CLS] $A [SEP] $B:1 [SEP]:1}. */
  public static TemplateProcessing bert(String cls, int clsId, String sep, int sepId) {
    Map<String, SpecialTokens> sp = new LinkedHashMap<>();
    sp.put(cls, new SpecialTokens(cls, new int[] {clsId}, new String[] {cls}));
    sp.put(sep, new SpecialTokens(sep, new int[] {sepId}, new String[] {sep}));
    return new TemplateProcessing(
        List.of(new Piece(true, cls, 0), new Piece(false, "A", 0), new Piece(true, sep, 0)),
        List.of(
            new Piece(true, cls, 0),
            new Piece(false, "A", 0),
            new Piece(true, sep, 0),
            new Piece(false, "B", 1),
            new Piece(true, sep, 1)),
        sp);
  }

  @Override
  public int addedTokens(boolean isPair) {
    int n = 0;
    for (Piece p : isPair ? pair : single) {
      if (p.special()) {
        n += specials.get(p.id()).ids().length;
      }
    }
    return n;
  }

  @Override
  public Encoding process(Encoding a, Encoding b, boolean addSpecialTokens) {
    List<Encoding> parts = new ArrayList<>();
    for (Piece p : b == null ? single : pair) {
      if (!p.special()) {
        Encoding seq = p.id().equals("A") ? a : b;
        parts.add(seq.withTypeIds(p.typeId()));
      } else if (addSpecialTokens) {
        SpecialTokens st = specials.get(p.id());
        int n = st.ids().length;
        int[] types = new int[n];
        Arrays.fill(types, p.typeId());
        int[] ones = new int[n];
        Arrays.fill(ones, 1);
        int[][] offs = new int[n][];
        Arrays.fill(offs, new int[] {0, 0});
        parts.add(
            new Encoding(
                st.ids().clone(),
                st.tokens().clone(),
                types,
                ones,
                ones.clone(),
                offs,
                new Integer[n],
                List.of()));
      }
    }
    return PostProcessor.mergeAll(parts);
  }

  public List<Piece> single() {
    return single;
  }

  public List<Piece> pair() {
    return pair;
  }

  public Map<String, SpecialTokens> specialTokens() {
    return specials;
  }

  static JsonArray piecesJson(List<Piece> pieces) {
    JsonArray a = new JsonArray();
    for (Piece p : pieces) {
      JsonObject inner = new JsonObject();
      inner.addProperty("id", p.id());
      inner.addProperty("type_id", p.typeId());
      JsonObject o = new JsonObject();
      o.add(p.special() ? "SpecialToken" : "Sequence", inner);
      a.add(o);
    }
    return a;
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("type", "TemplateProcessing");
    o.add("single", piecesJson(single));
    o.add("pair", piecesJson(pair));
    JsonObject sp = new JsonObject();
    for (SpecialTokens s : specials.values()) {
      JsonObject t = new JsonObject();
      t.addProperty("id", s.id());
      JsonArray ids = new JsonArray();
      Arrays.stream(s.ids()).forEach(ids::add);
      JsonArray toks = new JsonArray();
      Arrays.stream(s.tokens()).forEach(toks::add);
      t.add("ids", ids);
      t.add("tokens", toks);
      sp.add(s.id(), t);
    }
    o.add("special_tokens", sp);
    return o;
  }
}
